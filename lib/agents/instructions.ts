import "server-only";
import { recordActivity } from "../activity/record";
import type { Actor } from "../auth/actor";
import { COMPANY_ACCESS_ERRORS, hasCompanyAccess } from "../auth/permissions";
import { db, type Tx } from "../db/client";
import type { Agent } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Unprocessable, type InvalidParam } from "../errors";
import type { InstructionsPathInput, UpdateInstructionsBundleInput } from "../schemas/skills";
import { entryFileFirst, INSTRUCTIONS_ENTRY_FILE, relativePathProblem } from "../skills/rules";
import { GET_AGENT_ERRORS, getAgent, requireSelfOrBoardAccess } from "./agents";
import { instructionFileProblem, replaceInstructionFiles } from "./instruction-files";

export const INSTRUCTIONS_ERRORS = [
  ...GET_AGENT_ERRORS,
  ...COMPANY_ACCESS_ERRORS,
  "agent_permission_required",
  "invalid_field",
] as const satisfies readonly ErrorCode[];

async function bundleOf(client: Tx | typeof db, agent: Agent, editable: boolean) {
  const files = entryFileFirst(await client.agentInstructionFile.findMany({ where: { agentId: agent.id, companyId: agent.companyId } }));
  return { agent, files, editable };
}

export type InstructionsBundle = Awaited<ReturnType<typeof bundleOf>>;

export async function getInstructionsBundle(actor: Actor, agentRef: string, companyId?: string | null) {
  const agent = await getAgent(actor, agentRef, companyId);
  requireSelfOrBoardAccess(actor, agent, "read", "instructions");
  return bundleOf(db, agent, hasCompanyAccess(actor, agent.companyId, "act"));
}

/** Upserts `files`, removes `deleteFiles`; Paperclip's managed-bundle fields are checked rather than stored. */
export async function updateInstructionsBundle(
  actor: Actor,
  runId: string | null,
  agentRef: string,
  input: UpdateInstructionsBundleInput,
  companyId?: string | null,
) {
  const agent = await getAgent(actor, agentRef, companyId);
  requireSelfOrBoardAccess(actor, agent, "act", "instructions");
  if (input.mode === "external" || (input.rootPath !== undefined && input.rootPath !== null))
    throw Unprocessable.field(
      input.mode === "external" ? "mode" : "rootPath",
      "Only managed bundles are kept here; set a file of your own with PATCH instructions-path",
    );
  if (input.entryFile !== undefined && input.entryFile !== INSTRUCTIONS_ENTRY_FILE)
    throw Unprocessable.field("entryFile", `The entry file is always ${INSTRUCTIONS_ENTRY_FILE}`);
  const upserted = input.files ?? [];
  const deleted = input.deleteFiles ?? [];
  // Problems are named by the request's own fields, every one at once.
  const seen = new Set<string>();
  const problems: InvalidParam[] = [
    ...upserted.flatMap((file, index) => {
      const problem = instructionFileProblem(file.path) ?? (seen.has(file.path) ? "Listed twice" : null);
      seen.add(file.path);
      return problem ? [{ name: `files.${index}.path`, reason: problem }] : [];
    }),
    ...deleted.flatMap((value, index) => {
      const problem = instructionFileProblem(value);
      return problem ? [{ name: `deleteFiles.${index}`, reason: problem }] : [];
    }),
  ];
  if (problems.length) throw Unprocessable.fields(problems);
  return db.$transaction(async (tx) => {
    // The agent row lock orders concurrent edits of one bundle, so neither replaces a set the other just changed.
    await tx.$queryRaw`SELECT id FROM agents WHERE id = ${agent.id}::uuid FOR UPDATE`;
    const current = await tx.agentInstructionFile.findMany({ where: { agentId: agent.id, companyId: agent.companyId }, select: { path: true, content: true } });
    const next = new Map(current.map((file) => [file.path, file.content]));
    for (const path of deleted) next.delete(path);
    for (const file of upserted) next.set(file.path, file.content);
    await replaceInstructionFiles(
      tx,
      agent,
      [...next.entries()].map(([path, content]) => ({ path, content })),
      "files",
    );
    await recordActivity(tx, actor, runId, {
      companyId: agent.companyId,
      action: "agent.instructions_updated",
      entityType: "agent",
      entityId: agent.id,
      details: { upserted: upserted.map((file) => file.path), deleted },
    });
    return bundleOf(tx, agent, true);
  });
}

/**
 * Sets or clears `instructionsPath`. The same rule for everyone, board owners included: a path relative to the
 * run's working folder without `..`, since runs only ever read inside that folder; a file elsewhere belongs in the
 * agent's stored bundle instead.
 */
export async function setInstructionsPath(actor: Actor, runId: string | null, agentRef: string, input: InstructionsPathInput, companyId?: string | null) {
  const agent = await getAgent(actor, agentRef, companyId);
  requireSelfOrBoardAccess(actor, agent, "act", "instructions");
  if (input.path !== null) {
    const problem = relativePathProblem(input.path);
    if (problem) throw Unprocessable.field("path", problem);
  }
  return db.$transaction(async (tx) => {
    const updated = await tx.agent.update({ where: { id: agent.id }, data: { instructionsPath: input.path } });
    await recordActivity(tx, actor, runId, {
      companyId: agent.companyId,
      action: "agent.instructions_path_updated",
      entityType: "agent",
      entityId: agent.id,
      details: { path: input.path, cleared: input.path === null },
    });
    return { agent: updated, adapterConfigKey: input.adapterConfigKey ?? "instructionsFilePath" };
  });
}

export function serializeInstructionsBundle({ agent, files, editable }: InstructionsBundle) {
  return {
    agentId: agent.id,
    companyId: agent.companyId,
    mode: "managed" as const,
    rootPath: null,
    entryFile: INSTRUCTIONS_ENTRY_FILE,
    instructionsPath: agent.instructionsPath,
    editable,
    files: files.map((file) => ({
      path: file.path,
      size: Buffer.byteLength(file.content, "utf8"),
      isEntryFile: file.path === INSTRUCTIONS_ENTRY_FILE,
      content: file.content,
      updatedAt: file.updatedAt.toISOString(),
    })),
  };
}

export function serializeInstructionsPath({ agent, adapterConfigKey }: Awaited<ReturnType<typeof setInstructionsPath>>) {
  return { agentId: agent.id, adapterType: agent.adapterType, adapterConfigKey, path: agent.instructionsPath };
}
