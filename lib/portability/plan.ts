import "server-only";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess, requireInstanceAdmin } from "../auth/permissions";
import type { Tx } from "../db/client";
import { NotFound, Unprocessable } from "../errors";
import type { ImportTarget } from "../schemas/portability";
import { zeroCounts, type BundleCounts, type CompanyBundle } from "./bundle";
import type { DecodedBundle } from "./source";
import { highest } from "./id-map";

// What an import would do to its target, worked out from the bundle and the target's current rows: the preview shows
// it, and apply works from the same plan inside its transaction.

export type ImportConflict = { entity: string; key: string; message: string };

export type ImportPlan = {
  mode: ImportTarget["mode"];
  /** The existing target, or null when the import creates the company. */
  companyId: string | null;
  name: string;
  issuePrefix: string;
  /** Source id → the target's existing row, for rows the import reuses instead of creating. */
  reuse: Map<string, string>;
  /** Source user id → this instance's user with the same email (for non-admins: only the target's own members). */
  users: Map<string, string>;
  /** Members a non-admin owner's import invites by email, as the Members page would, instead of adding them. */
  invitations: { email: string; role: string }[];
  /** Source issue id → the number it gets in the target. */
  issueNumbers: Map<string, number>;
  /** Issue idempotency keys the target already uses; imported issues drop them. */
  takenIssueKeys: Set<string>;
  create: BundleCounts;
  existing: BundleCounts;
  conflicts: ImportConflict[];
  warnings: string[];
};

type Reader = Pick<Tx, "company" | "user" | "companyMembership" | "agent" | "label" | "companySkill" | "project" | "workflow" | "issue">;

/** Owners import into their company; creating a company by import is for those who may create companies (instance admins). */
export function requireImportAccess(actor: Actor, companyId: string, target: ImportTarget) {
  if (target.mode === "existing_company") {
    if (target.companyId && target.companyId !== companyId) throw Unprocessable.field("target.companyId", "Must be the company in the path", "invalid_field");
    requireCompanyAccess(actor, companyId, "admin");
    return;
  }
  requireInstanceAdmin(actor);
}

/** The prefix asked for, else the bundle's, else the first free numbered variant of it. */
async function choosePrefix(reader: Reader, bundle: CompanyBundle, asked: string | undefined, conflicts: ImportConflict[]): Promise<string> {
  const wanted =
    asked ??
    bundle.source.issuePrefix
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")
      .slice(0, 8);
  const base = /^[A-Z][A-Z0-9]+$/.test(wanted) ? wanted : "IMP";
  const taken = new Set(
    (await reader.company.findMany({ where: { issuePrefix: { startsWith: base } }, select: { issuePrefix: true } })).map((company) => company.issuePrefix),
  );
  if (!taken.has(base)) return base;
  if (asked) throw Unprocessable.field("target.issuePrefix", `${asked} is already used by another company`, "issue_prefix_taken");
  let suffix = 2;
  while (taken.has(`${base}${suffix}`)) suffix += 1;
  conflicts.push({
    entity: "company",
    key: base,
    message: `Issue prefix ${base} is taken; the new company uses ${base}${suffix} and its issues are renamed ${base}${suffix}-<number>`,
  });
  return `${base}${suffix}`;
}

/**
 * `importer` decides what the plan may reveal: instance admins see every user, so members are matched by email across
 * the instance; an owner learns only about their own company's members, and everyone else in the bundle is invited.
 */
export async function planImport(
  reader: Reader,
  companyId: string,
  target: ImportTarget,
  decoded: DecodedBundle,
  importer: { userId: string | null; isInstanceAdmin: boolean },
): Promise<ImportPlan> {
  const { bundle } = decoded;
  const conflicts: ImportConflict[] = [];
  const warnings = [...bundle.warnings, ...decoded.warnings];
  const reuse = new Map<string, string>();
  const create = zeroCounts();
  const existing = zeroCounts();
  const intoExisting = target.mode === "existing_company";

  let name: string;
  let issuePrefix: string;
  if (intoExisting) {
    const company = await reader.company.findUnique({ where: { id: companyId }, select: { name: true, issuePrefix: true } });
    if (!company) throw new NotFound("Company");
    ({ name, issuePrefix } = company);
  } else {
    name = target.name ?? target.newCompanyName ?? bundle.company.name;
    issuePrefix = await choosePrefix(reader, bundle, target.issuePrefix, conflicts);
  }

  const emails = bundle.members.map((member) => member.email.toLowerCase());
  const memberIds = intoExisting
    ? new Set((await reader.companyMembership.findMany({ where: { companyId }, select: { userId: true } })).map((membership) => membership.userId))
    : new Set<string>(importer.userId ? [importer.userId] : []);
  const knownUsers = await reader.user.findMany({
    where: { email: { in: emails, mode: "insensitive" }, ...(importer.isInstanceAdmin ? {} : { id: { in: [...memberIds] } }) },
    select: { id: true, email: true },
  });
  const userByEmail = new Map(knownUsers.map((user) => [user.email.toLowerCase(), user.id]));
  const users = new Map<string, string>();
  const invitations: ImportPlan["invitations"] = [];
  for (const member of bundle.members) {
    const userId = userByEmail.get(member.email.toLowerCase());
    if (!userId && !importer.isInstanceAdmin) {
      invitations.push({ email: member.email.toLowerCase(), role: member.role });
      create.members += 1;
      continue;
    }
    if (!userId) {
      conflicts.push({
        entity: "member",
        key: member.email,
        message: `${member.email} has no account on this instance: skipped, and their authorship imports as nobody`,
      });
      continue;
    }
    users.set(member.userId, userId);
    if (memberIds.has(userId)) existing.members += 1;
    else create.members += 1;
  }

  if (intoExisting) {
    const scope = { where: { companyId } };
    const [agents, labels, skills, projects, workflows] = await Promise.all([
      reader.agent.findMany({ ...scope, select: { id: true, urlKey: true } }),
      reader.label.findMany({ ...scope, select: { id: true, name: true } }),
      reader.companySkill.findMany({ ...scope, select: { id: true, key: true } }),
      reader.project.findMany({ ...scope, select: { id: true, urlKey: true }, orderBy: { createdAt: "asc" } }),
      reader.workflow.findMany({ ...scope, select: { id: true, projectId: true } }),
    ]);
    const match = <T extends { id: string }>(rows: T[], key: (row: T) => string) =>
      new Map<string, string>(rows.map((row): [string, string] => [key(row), row.id]).reverse());
    const agentByKey = match(agents, (agent) => agent.urlKey);
    const labelByName = match(labels, (label) => label.name.toLowerCase());
    const skillByKey = match(skills, (skill) => skill.key);
    const projectByKey = match(projects, (project) => project.urlKey);
    for (const agent of bundle.agents) {
      const found = agentByKey.get(agent.urlKey);
      if (!found) continue;
      reuse.set(agent.id, found);
      conflicts.push({
        entity: "agent",
        key: agent.urlKey,
        message: `An agent ${agent.urlKey} already exists: the bundle's ${agent.name} maps onto it and is not created`,
      });
    }
    for (const label of bundle.labels) if (labelByName.has(label.name.toLowerCase())) reuse.set(label.id, labelByName.get(label.name.toLowerCase())!);
    for (const skill of bundle.skills) if (skillByKey.has(skill.key)) reuse.set(skill.id, skillByKey.get(skill.key)!);
    for (const project of bundle.projects) if (projectByKey.has(project.urlKey)) reuse.set(project.id, projectByKey.get(project.urlKey)!);
    const workflowScopes = new Set(workflows.map((workflow) => workflow.projectId ?? "company"));
    for (const workflow of bundle.workflows) {
      const scopeKey = workflow.projectId ? (reuse.get(workflow.projectId) ?? null) : "company";
      if (!scopeKey || !workflowScopes.has(scopeKey)) continue;
      reuse.set(workflow.id, workflows.find((row) => (row.projectId ?? "company") === scopeKey)!.id);
      conflicts.push({
        entity: "workflow",
        key: workflow.projectId ? `project ${bundle.projects.find((project) => project.id === workflow.projectId)?.urlKey ?? workflow.projectId}` : "company",
        message: "A workflow already governs this scope here and is kept; imported issues keep their workflow state names, which it may not define",
      });
    }
  }
  for (const collection of ["agents", "labels", "skills", "projects", "workflows"] as const) {
    for (const row of bundle[collection]) {
      if (reuse.has(row.id)) existing[collection] += 1;
      else create[collection] += 1;
    }
  }

  const issueNumbers = new Map<string, number>();
  const takenNumbers = intoExisting
    ? new Set((await reader.issue.findMany({ where: { companyId }, select: { number: true } })).map((issue) => issue.number))
    : new Set<number>();
  const takenIssueKeys = new Set<string>();
  if (intoExisting) {
    const keys = bundle.issues.flatMap((issue) => (issue.idempotencyKey ? [issue.idempotencyKey] : []));
    if (keys.length) {
      const clashing = await reader.issue.findMany({ where: { companyId, idempotencyKey: { in: keys } }, select: { idempotencyKey: true } });
      for (const issue of clashing) if (issue.idempotencyKey) takenIssueKeys.add(issue.idempotencyKey);
    }
  }
  let next = Math.max(highest(takenNumbers), highest(bundle.issues.map((issue) => issue.number)));
  const used = new Set(takenNumbers);
  for (const issue of bundle.issues) {
    const number = used.has(issue.number) ? ++next : issue.number;
    if (number !== issue.number) {
      conflicts.push({
        entity: "issue",
        key: issue.identifier,
        message: `Number ${issue.number} is taken here: ${issue.identifier} becomes ${issuePrefix}-${number}`,
      });
    }
    used.add(number);
    issueNumbers.set(issue.id, number);
  }

  for (const collection of ["goals", "issues", "comments", "documents", "interactions", "approvals", "executionDecisions", "routines"] as const) {
    create[collection] = bundle[collection].length;
  }
  create.attachments = bundle.attachments.filter((attachment) => attachment.content !== null).length;
  const withoutContent = bundle.attachments.length - create.attachments;
  if (withoutContent) warnings.push(`${withoutContent} attachments came without their content and are skipped`);
  const webhooks = bundle.routines.flatMap((routine) => routine.triggers).filter((trigger) => trigger.kind === "webhook").length;
  if (invitations.length) {
    warnings.push(`${invitations.length} members outside this company are invited by email, as the Members page does; their authorship imports as nobody`);
  }
  if (webhooks) warnings.push(`${webhooks} webhook triggers get new public ids and signing secrets: senders must be given the new ones`);

  return {
    mode: target.mode,
    companyId: intoExisting ? companyId : null,
    name,
    issuePrefix,
    reuse,
    users,
    invitations,
    issueNumbers,
    takenIssueKeys,
    create,
    existing,
    conflicts,
    warnings,
  };
}
