import "server-only";
import type { Tx } from "../db/client";
import type { Agent } from "../db/generated/client";
import { Unprocessable, type InvalidParam } from "../errors";
import { MAX_INSTRUCTION_FILES } from "../schemas/skills";
import { relativePathProblem } from "../skills/rules";

// An agent's stored instruction files, written as one set. Kept apart from the routes' flow (instructions.ts) so
// creating, hiring and updating an agent (agents.ts) can write them in their own transaction without an import circle.

/** All of an agent's instruction files together, so a bundle stays a prompt rather than a file store. */
const MAX_BUNDLE_CHARS = 1024 * 1024;

export type InstructionFileInput = { path: string; content: string };

/** Why an instruction file's path is refused, or null: a relative markdown path inside the bundle. */
export function instructionFileProblem(value: string): string | null {
  return relativePathProblem(value) ?? (value.toLowerCase().endsWith(".md") ? null : "Instruction files must be markdown (.md)");
}

/**
 * Replaces the agent's whole set of instruction files inside the caller's transaction (the bundle PATCH, and agent
 * create, hire and update with Paperclip's `instructionsBundle`). Paths are checked and the limits enforced here, so
 * no caller can store a file a run would refuse; a bad path is named `<field>.<path>`, a limit `<field>`.
 */
export async function replaceInstructionFiles(tx: Tx, agent: Pick<Agent, "id" | "companyId">, files: InstructionFileInput[], field: string) {
  const problems: InvalidParam[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const problem = instructionFileProblem(file.path) ?? (seen.has(file.path) ? "Listed twice" : null);
    if (problem) problems.push({ name: `${field}.${file.path}`, reason: problem });
    seen.add(file.path);
  }
  if (files.length > MAX_INSTRUCTION_FILES) problems.push({ name: field, reason: `At most ${MAX_INSTRUCTION_FILES} files` });
  if (files.reduce((total, file) => total + file.content.length, 0) > MAX_BUNDLE_CHARS)
    problems.push({ name: field, reason: `All files together must stay under ${MAX_BUNDLE_CHARS} characters` });
  if (problems.length) throw Unprocessable.fields(problems);
  await tx.agentInstructionFile.deleteMany({ where: { agentId: agent.id, companyId: agent.companyId, path: { notIn: files.map((file) => file.path) } } });
  for (const file of files)
    await tx.agentInstructionFile.upsert({
      where: { agentId_path: { agentId: agent.id, path: file.path } },
      create: { agentId: agent.id, companyId: agent.companyId, path: file.path, content: file.content },
      update: { content: file.content },
    });
}
