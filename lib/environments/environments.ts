import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { companyScope, requireCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { Prisma, type Environment } from "../db/generated/client";
import { publishEvent } from "../events/publish";
import { Conflict, NotFound, Unprocessable } from "../errors";
import type { CreateEnvironmentInput, UpdateEnvironmentInput } from "../schemas/environments";

export const DEFAULT_ENVIRONMENT_NAME = "Local (instance default)";

/**
 * The instance default: this host with nothing added. Each company has its own row of it (so its variables stay the
 * company's), made on first use; the partial unique index keeps it to one under concurrency.
 */
export async function defaultEnvironment(companyId: string, client: Tx | typeof db = db): Promise<Environment> {
  const existing = await client.environment.findFirst({ where: { companyId, isDefault: true } });
  if (existing) return existing;
  // Selected from companies, so an unknown company id (an instance admin may name any) is a 404, not a foreign-key 500.
  await client.$executeRaw`
    INSERT INTO environments (company_id, name, description, driver, is_default)
    SELECT id, ${DEFAULT_ENVIRONMENT_NAME}, 'This host, with the server''s own PATH and no extra variables.', 'local', true FROM companies WHERE id = ${companyId}::uuid
    ON CONFLICT (company_id) WHERE is_default DO NOTHING`;
  const made = await client.environment.findFirst({ where: { companyId, isDefault: true } });
  if (!made) throw new NotFound("Company");
  return made;
}

/** The environment a workspace was provisioned for (null for ones made before environments existed). */
export async function environmentOf(workspace: { environmentId: string | null }) {
  return workspace.environmentId ? db.environment.findUnique({ where: { id: workspace.environmentId } }) : null;
}

export async function listEnvironments(actor: Actor, companyId: string, options: { includeArchived?: boolean }) {
  requireCompanyAccess(actor, companyId, "read");
  await defaultEnvironment(companyId);
  return db.environment.findMany({
    where: { companyId, ...(options.includeArchived ? {} : { status: "active" }) },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
  });
}

export async function findEnvironment(actor: Actor, id: string) {
  const environment = await db.environment.findFirst({ where: { id, ...companyScope(actor) } });
  if (!environment) throw new NotFound("Environment");
  return environment;
}

/** What points at an environment: it can't be deleted while anything does. */
export async function environmentUsage(environment: Pick<Environment, "id" | "companyId">) {
  const [agents, projects, issues, workspaces] = await Promise.all([
    db.agent.count({ where: { companyId: environment.companyId, defaultEnvironmentId: environment.id } }),
    db.project.count({ where: { companyId: environment.companyId, executionWorkspacePolicy: { path: ["environmentId"], equals: environment.id } } }),
    db.issue.count({ where: { companyId: environment.companyId, executionWorkspaceSettings: { path: ["environmentId"], equals: environment.id } } }),
    db.executionWorkspace.count({ where: { environmentId: environment.id, status: { not: "archived" } } }),
  ]);
  return { agents, projects, issues, workspaces };
}

function nameTaken(name: string) {
  return new Conflict(`An environment named "${name}" already exists`, "environment_name_taken", { field: "body.name", name });
}

/** The default's name is kept for it, so the default can always be made (and is never confused with another). */
function requireUnreservedName(name: string | undefined, isDefault = false) {
  if (name === DEFAULT_ENVIRONMENT_NAME && !isDefault) throw nameTaken(name);
}

export async function createEnvironment(actor: Actor, runId: string | null, companyId: string, input: CreateEnvironmentInput) {
  requireCompanyAccess(actor, companyId, "admin");
  requireUnreservedName(input.name);
  try {
    return await db.$transaction(async (tx) => {
      const environment = await tx.environment.create({
        data: {
          companyId,
          name: input.name,
          description: input.description ?? null,
          driver: input.driver,
          status: input.status ?? "active",
          config: input.config ?? {},
          envVars: input.envVars ?? {},
          metadata: (input.metadata ?? undefined) as Prisma.InputJsonObject | undefined,
        },
      });
      await recordActivity(tx, actor, runId, {
        companyId,
        action: "environment.created",
        entityType: "environment",
        entityId: environment.id,
        details: { name: environment.name },
      });
      await publishEvent(tx, { companyId, type: "environment.created", entityType: "environment", entityId: environment.id });
      return environment;
    });
  } catch (error) {
    throw isUniqueViolation(error) ? nameTaken(input.name) : error;
  }
}

export async function updateEnvironment(actor: Actor, runId: string | null, id: string, input: UpdateEnvironmentInput) {
  const environment = await findEnvironment(actor, id);
  requireCompanyAccess(actor, environment.companyId, "admin");
  if (environment.isDefault && input.status === "archived")
    throw Unprocessable.field("body.status", "The instance default environment cannot be archived", "environment_default_not_archivable");
  requireUnreservedName(input.name, environment.isDefault);
  const { metadata, config, ...fields } = input;
  try {
    return await db.$transaction(async (tx) => {
      const updated = await tx.environment.update({
        where: { id },
        data: {
          ...fields,
          // config keys not named in the PATCH keep their value.
          ...(config ? { config: { ...(environment.config as object), ...config } } : {}),
          ...(metadata !== undefined ? { metadata: (metadata ?? Prisma.DbNull) as Prisma.InputJsonObject } : {}),
        },
      });
      await recordActivity(tx, actor, runId, {
        companyId: environment.companyId,
        action: "environment.updated",
        entityType: "environment",
        entityId: id,
        details: { name: updated.name, fields: Object.keys(input) },
      });
      await publishEvent(tx, { companyId: environment.companyId, type: "environment.updated", entityType: "environment", entityId: id });
      return updated;
    });
  } catch (error) {
    throw isUniqueViolation(error) ? nameTaken(input.name ?? environment.name) : error;
  }
}

export async function deleteEnvironment(actor: Actor, runId: string | null, id: string) {
  const environment = await findEnvironment(actor, id);
  requireCompanyAccess(actor, environment.companyId, "admin");
  if (environment.isDefault) throw new Conflict("The instance default environment cannot be deleted", "environment_is_default");
  const usage = await environmentUsage(environment);
  if (Object.values(usage).some((count) => count > 0)) {
    throw new Conflict("This environment is still in use; point its agents, projects, issues and workspaces elsewhere, or archive it", "environment_in_use", {
      usage,
    });
  }
  await db.$transaction(async (tx) => {
    await tx.environment.delete({ where: { id } });
    await recordActivity(tx, actor, runId, {
      companyId: environment.companyId,
      action: "environment.deleted",
      entityType: "environment",
      entityId: id,
      details: { name: environment.name },
    });
    await publishEvent(tx, { companyId: environment.companyId, type: "environment.deleted", entityType: "environment", entityId: id });
  });
  return { ok: true as const };
}

export async function getEnvironment(actor: Actor, id: string) {
  const environment = await findEnvironment(actor, id);
  return { environment, usage: await environmentUsage(environment) };
}
