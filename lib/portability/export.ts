import "server-only";
import { gzipSync } from "node:zlib";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { requireCompanyAccess } from "../auth/permissions";
import { db } from "../db/client";
import { DomainError, NotFound } from "../errors";
import { BUNDLE_FORMAT, BUNDLE_VERSION, bundleCounts, companyBundleSchema, type BundleCounts, type CompanyBundle } from "./bundle";
import { scrubEnvMap, scrubEnvSecrets } from "./secrets";

/** Attachment text travels in the bundle up to this many bytes in all; past it only metadata does. */
export const ATTACHMENT_BUDGET_BYTES = 16 * 1024 * 1024;
/** A bundle larger than this is refused rather than built, so one export cannot exhaust the server's memory. */
export const MAX_BUNDLE_BYTES = 200 * 1024 * 1024;

const shape = companyBundleSchema.shape;

/** The row's fields that the bundle schema names, with times as ISO strings and bigints as numbers. */
function pick<T extends object>(row: object, fields: T): Record<keyof T & string, unknown> {
  const out: Record<string, unknown> = {};
  const source = row as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!(key in source)) continue;
    const value = source[key];
    out[key] = value instanceof Date ? value.toISOString() : typeof value === "bigint" ? Number(value) : value;
  }
  return out as Record<keyof T & string, unknown>;
}

/**
 * The whole company as a v1 bundle. Owners (and instance admins) only: it holds everything the company has, so each
 * export is recorded in the company's activity.
 */
export async function exportCompany(actor: Actor, runId: string | null, companyId: string): Promise<CompanyBundle> {
  requireCompanyAccess(actor, companyId, "admin");
  const bundle = await buildBundle(companyId);
  await db.$transaction((tx) =>
    recordActivity(tx, actor, runId, {
      companyId,
      action: "company.exported",
      entityType: "company",
      entityId: companyId,
      details: { counts: bundleCounts(bundle) },
    }),
  );
  return bundle;
}

async function buildBundle(companyId: string): Promise<CompanyBundle> {
  const company = await db.company.findUnique({ where: { id: companyId } });
  if (!company) throw new NotFound("Company");
  const where = { companyId };
  const [memberships, skills, agents, goals, projects, labels, workflows, issues, comments, documents, attachments] = await Promise.all([
    db.companyMembership.findMany({ where, include: { user: { select: { email: true, name: true } } }, orderBy: { createdAt: "asc" } }),
    db.companySkill.findMany({ where, orderBy: { key: "asc" } }),
    db.agent.findMany({ where, include: { instructionFiles: { orderBy: { path: "asc" } }, skills: true }, orderBy: { createdAt: "asc" } }),
    db.goal.findMany({ where, orderBy: { createdAt: "asc" } }),
    db.project.findMany({ where, include: { goals: true, workspaces: { orderBy: { createdAt: "asc" } } }, orderBy: { createdAt: "asc" } }),
    db.label.findMany({ where, orderBy: { name: "asc" } }),
    db.workflow.findMany({ where, orderBy: { createdAt: "asc" } }),
    db.issue.findMany({ where, include: { labels: true, blockedBy: true }, orderBy: { number: "asc" } }),
    db.issueComment.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.document.findMany({ where, include: { revisions: { orderBy: { revisionNumber: "asc" } }, issueDocument: true }, orderBy: { createdAt: "asc" } }),
    db.issueAttachment.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  const [interactions, approvals, decisions, routines] = await Promise.all([
    db.issueThreadInteraction.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.approval.findMany({ where, include: { issues: true, comments: { orderBy: { createdAt: "asc" } } }, orderBy: { createdAt: "asc" } }),
    db.issueExecutionDecision.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.routine.findMany({ where, include: { triggers: { orderBy: { createdAt: "asc" } } }, orderBy: { createdAt: "asc" } }),
  ]);
  const warnings: string[] = [];
  const agentShape = shape.agents.element.shape;
  const projectShape = shape.projects.element.shape;

  let attachmentBytes = 0;
  const bundleAttachments = attachments.map((attachment) => {
    const fits = attachmentBytes + attachment.sizeBytes <= ATTACHMENT_BUDGET_BYTES;
    if (fits) attachmentBytes += attachment.sizeBytes;
    else
      warnings.push(
        `Attachment ${attachment.id} (${attachment.sizeBytes} bytes) is past the bundle's ${ATTACHMENT_BUDGET_BYTES}-byte attachment budget: only its metadata is exported`,
      );
    return { ...pick(attachment, shape.attachments.element.shape), content: fits ? attachment.content : null };
  });
  for (const routine of routines) {
    if (routine.executionWorkspaceId) warnings.push(`Routine "${routine.title}" runs in an execution workspace, which is not exported: it imports without one`);
  }
  for (const agent of agents) {
    if (agent.defaultEnvironmentId) warnings.push(`Agent ${agent.name}: its default environment is not exported; the importing company's default applies`);
  }

  const bundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    source: { companyId: company.id, name: company.name, issuePrefix: company.issuePrefix },
    company: pick(company, shape.company.shape),
    members: memberships.map((membership) => ({ userId: membership.userId, email: membership.user.email, name: membership.user.name, role: membership.role })),
    skills: skills.map((skill) => pick(skill, shape.skills.element.shape)),
    agents: agents.map((agent) => ({
      ...pick(agent, agentShape),
      adapterConfig: scrubEnvSecrets(agent.adapterConfig, `Agent ${agent.name} adapterConfig`, warnings),
      runtimeConfig: scrubEnvSecrets(agent.runtimeConfig, `Agent ${agent.name} runtimeConfig`, warnings),
      instructionFiles: agent.instructionFiles.map((file) => ({ path: file.path, content: file.content })),
      skillIds: agent.skills.map((link) => link.skillId),
    })),
    goals: goals.map((goal) => pick(goal, shape.goals.element.shape)),
    projects: projects.map((project) => ({
      ...pick(project, projectShape),
      env: scrubEnvMap(project.env, `Project ${project.name} env`, warnings),
      goals: project.goals.map((link) => ({ goalId: link.goalId, position: link.position })),
      workspaces: project.workspaces.map((workspace) => ({
        ...pick(workspace, projectShape.workspaces.element.shape),
        runtimeConfig: scrubEnvSecrets(workspace.runtimeConfig, `Project ${project.name} workspace ${workspace.name} runtimeConfig`, warnings),
      })),
    })),
    labels: labels.map((label) => pick(label, shape.labels.element.shape)),
    workflows: workflows.map((workflow) => pick(workflow, shape.workflows.element.shape)),
    issues: issues.map((issue) => ({
      ...pick(issue, shape.issues.element.shape),
      executionWorkspaceSettings: scrubEnvSecrets(issue.executionWorkspaceSettings, `Issue ${issue.identifier} executionWorkspaceSettings`, warnings),
      labelIds: issue.labels.map((link) => link.labelId),
      blockedByIssueIds: issue.blockedBy.map((relation) => relation.blockedByIssueId),
    })),
    comments: comments.map((comment) => pick(comment, shape.comments.element.shape)),
    documents: documents.map((document) => ({
      ...pick(document, shape.documents.element.shape),
      issueLink: document.issueDocument
        ? { issueId: document.issueDocument.issueId, key: document.issueDocument.key, createdAt: document.issueDocument.createdAt.toISOString() }
        : null,
      revisions: document.revisions.map((revision) => pick(revision, shape.documents.element.shape.revisions.element.shape)),
    })),
    attachments: bundleAttachments,
    // Payloads may carry an agent's whole setup (a hire approval holds its adapter and runtime config): scrubbed like agents.
    interactions: interactions.map((interaction) => ({
      ...pick(interaction, shape.interactions.element.shape),
      payload: scrubEnvSecrets(interaction.payload, `Interaction ${interaction.id} payload`, warnings),
      result: scrubEnvSecrets(interaction.result, `Interaction ${interaction.id} result`, warnings),
    })),
    approvals: approvals.map((approval) => ({
      ...pick(approval, shape.approvals.element.shape),
      payload: scrubEnvSecrets(approval.payload, `Approval ${approval.id} payload`, warnings),
      issueLinks: approval.issues.map((link) => pick(link, shape.approvals.element.shape.issueLinks.element.shape)),
      comments: approval.comments.map((comment) => pick(comment, shape.approvals.element.shape.comments.element.shape)),
    })),
    executionDecisions: decisions.map((decision) => pick(decision, shape.executionDecisions.element.shape)),
    routines: routines.map((routine) => ({
      ...pick(routine, shape.routines.element.shape),
      // Signing secrets and public ids stay behind: an import makes new ones.
      triggers: routine.triggers.map((trigger) => pick(trigger, shape.routines.element.shape.triggers.element.shape)),
    })),
    warnings,
  };
  // Parsing our own output proves the bundle is one an importer accepts, and drops any field the schema does not name.
  return companyBundleSchema.parse(bundle);
}

/** Import bodies carry a whole bundle, so they may be as large as an export is allowed to be. */
export const IMPORT_BODY_LIMIT_BYTES = MAX_BUNDLE_BYTES;

/** The bundle as the export's response: JSON, or gzip of it as a download, refused past the size guard. */
export function bundleResponse(bundle: CompanyBundle, gzip: boolean): Response {
  const json = Buffer.from(JSON.stringify(bundle), "utf8");
  if (json.byteLength > MAX_BUNDLE_BYTES) {
    throw new DomainError(413, "bundle_too_large", `The bundle would be ${json.byteLength} bytes, past the ${MAX_BUNDLE_BYTES}-byte limit`);
  }
  const body = gzip ? gzipSync(json) : json;
  // Content-Length lets the board show download progress against the whole size.
  const headers: Record<string, string> = { "cache-control": "no-store", "content-length": String(body.byteLength) };
  if (!gzip) return new Response(body, { status: 200, headers: { ...headers, "content-type": "application/json" } });
  const name = `${bundle.source.issuePrefix}-${bundle.exportedAt.slice(0, 10)}.switchboard.json.gz`;
  return new Response(body, {
    status: 200,
    headers: { ...headers, "content-type": "application/gzip", "content-disposition": `attachment; filename="${name}"` },
  });
}

/** What an export would hold: counts per collection and the exporter's warnings, without the bundle itself. */
export async function previewExport(actor: Actor, companyId: string): Promise<{ counts: BundleCounts; warnings: string[] }> {
  requireCompanyAccess(actor, companyId, "admin");
  const bundle = await buildBundle(companyId);
  return { counts: bundleCounts(bundle), warnings: bundle.warnings };
}
