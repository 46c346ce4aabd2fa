import "server-only";
import { requireCompanyReferences } from "../db/references";
import { recordActivity } from "../activity/record";
import type { Actor, BoardActor } from "../auth/actor";
import { companyScope, requireCompanyAccess, requireInstanceAdmin } from "../auth/permissions";
import { db } from "../db/client";
import { NotFound, Unprocessable } from "../errors";
import type { CreateCompanyInput, UpdateCompanyInput } from "../schemas/companies";
import { isUniqueViolation } from "../db/errors";
import { suggestIssuePrefix } from "./issue-prefix";

export async function listCompanies(actor: BoardActor, options: { scope?: "accessible" }) {
  const { companyId } = options.scope === "accessible" ? { companyId: { in: Object.keys(actor.memberships) } } : companyScope(actor);
  return db.company.findMany({ where: companyId === undefined ? {} : { id: companyId }, orderBy: { createdAt: "asc" } });
}

export async function getCompany(actor: Actor, companyId: string) {
  requireCompanyAccess(actor, companyId, "read");
  const company = await db.company.findUnique({ where: { id: companyId } });
  if (!company) throw new NotFound("Company");
  return company;
}

/** Instance admins create companies and become their first owner. */
export async function createCompany(actor: Actor, runId: string | null, input: CreateCompanyInput) {
  requireInstanceAdmin(actor);
  // A new company's only member is its creator, so nobody else can be responsible for its work yet.
  if (input.defaultResponsibleUserId && input.defaultResponsibleUserId !== actor.userId) {
    throw Unprocessable.field("defaultResponsibleUserId", "Must be a member of the company: when creating it, only you", "invalid_reference");
  }
  const issuePrefix = input.issuePrefix ?? (await availablePrefix(input.name));
  try {
    return await db.$transaction(async (tx) => {
      const company = await tx.company.create({
        data: {
          name: input.name,
          description: input.description ?? null,
          budgetMonthlyCents: input.budgetMonthlyCents ?? 0,
          defaultResponsibleUserId: input.defaultResponsibleUserId ?? null,
          issuePrefix,
          memberships: { create: { userId: actor.userId, role: "owner" } },
        },
      });
      await recordActivity(tx, actor, runId, {
        companyId: company.id,
        action: "company.created",
        entityType: "company",
        entityId: company.id,
        details: { name: company.name, issuePrefix },
      });
      return company;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw Unprocessable.field("issuePrefix", `${issuePrefix} is already used by another company`, "issue_prefix_taken");
    throw error;
  }
}

export async function updateCompany(actor: Actor, runId: string | null, companyId: string, input: UpdateCompanyInput) {
  requireCompanyAccess(actor, companyId, "admin");
  await getCompany(actor, companyId);
  await requireCompanyReferences(companyId, [{ field: "defaultResponsibleUserId", model: "user", ids: [input.defaultResponsibleUserId] }]);
  if (input.issuePrefix) {
    const clash = await db.company.findFirst({ where: { issuePrefix: input.issuePrefix, NOT: { id: companyId } }, select: { id: true } });
    if (clash) throw Unprocessable.field("issuePrefix", `${input.issuePrefix} is already used by another company`, "issue_prefix_taken");
  }
  return db.$transaction(async (tx) => {
    const company = await tx.company.update({ where: { id: companyId }, data: input });
    await recordActivity(tx, actor, runId, {
      companyId,
      action: "company.updated",
      entityType: "company",
      entityId: companyId,
      details: { fields: Object.keys(input) },
    });
    return company;
  });
}

export async function deleteCompany(actor: Actor, companyId: string) {
  requireCompanyAccess(actor, companyId, "admin");
  await db.$transaction(async (tx) => {
    const company = await tx.company.findUnique({ where: { id: companyId }, select: { name: true, issuePrefix: true } });
    if (!company) throw new NotFound("Company");
    await tx.company.delete({ where: { id: companyId } });
    // Its own history goes with it, so the deletion is kept at instance level.
    await recordActivity(tx, actor, null, { companyId: null, action: "company.deleted", entityType: "company", entityId: companyId, details: company });
  });
  return { ok: true as const };
}

/** The suggested prefix for the name (lib/companies/issue-prefix.ts), made unique with a numeric suffix. */
async function availablePrefix(name: string): Promise<string> {
  const base = suggestIssuePrefix(name) || "CO";
  const taken = new Set((await db.company.findMany({ where: { issuePrefix: { startsWith: base } }, select: { issuePrefix: true } })).map((c) => c.issuePrefix));
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) if (!taken.has(`${base}${suffix}`)) return `${base}${suffix}`;
}
