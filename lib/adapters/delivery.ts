import "server-only";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { db } from "../db/client";
import { bundledSkillKeys, listBundledSkills } from "../skills/bundled";
import { entryFileFirst } from "../skills/rules";
import type { DeliveredSkill, Delivery, WakeDescription } from "./types";

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * `instructionsPath` resolved inside the run's cwd, or why it cannot be: an absolute path elsewhere, a `..` escape or a
 * symlink leading out of the cwd would let a board edit read any file the server can.
 */
export function resolveInstructionsPath(cwd: string, instructionsPath: string): { file: string } | { refused: string } {
  const root = path.resolve(cwd);
  const file = path.resolve(root, instructionsPath);
  const inside = (candidate: string, base: string) => candidate === base || candidate.startsWith(base + path.sep);
  if (!inside(file, root)) return { refused: `instructions path ${instructionsPath} is outside the working directory ${root}` };
  if (existsSync(file) && existsSync(root) && !inside(realpathSync(file), realpathSync(root)))
    return { refused: `instructions path ${instructionsPath} links outside the working directory ${root}` };
  return { file };
}

/**
 * What a CLI run gets: the bundled skills, the company skills the agent chose, and its instructions: the file at
 * `instructionsPath` (read now, relative to the run's cwd) when one is set, else its stored instruction files with the
 * entry file first. A missing or refused instructions file is logged and the run goes on without it.
 */
export async function loadDelivery(agent: { id: string; instructionsPath: string | null }, cwd: string, log: (line: string) => void): Promise<Delivery> {
  const bundled: DeliveredSkill[] = listBundledSkills().map((skill) => ({ ...skill, source: "bundled" }));
  const chosen = await db.agentSkill.findMany({ where: { agentId: agent.id }, include: { skill: true }, orderBy: { skill: { key: "asc" } } });
  const bundledKeys = bundledSkillKeys();
  const company: DeliveredSkill[] = chosen
    .filter(({ skill }) => !bundledKeys.has(skill.key))
    .map(({ skill }) => ({
      key: skill.key,
      name: skill.name,
      markdown: skill.markdown,
      files: (skill.files ?? {}) as Record<string, string>,
      contentHash: skill.contentHash,
      source: "company",
    }));
  const instructions: Delivery["instructions"] = [];
  if (agent.instructionsPath) {
    const resolved = resolveInstructionsPath(cwd, agent.instructionsPath);
    if ("refused" in resolved) log(`[switchboard] not delivering instructions: ${resolved.refused}\n`);
    else if (!existsSync(resolved.file) || !statSync(resolved.file).isFile())
      log(`[switchboard] not delivering instructions: ${resolved.file} does not exist\n`);
    else instructions.push({ path: agent.instructionsPath, content: readFileSync(resolved.file, "utf8") });
  } else {
    const files = entryFileFirst(await db.agentInstructionFile.findMany({ where: { agentId: agent.id } }));
    instructions.push(...files.map((file) => ({ path: file.path, content: file.content })));
  }
  return { skills: [...bundled, ...company], instructions };
}

/** One run-log line per delivered item, naming it and its content hash, so a run can be traced to what it was told. */
export function logDelivery(delivery: Delivery, log: (line: string) => void) {
  for (const skill of delivery.skills) log(`[switchboard] delivered skill ${skill.key} sha256:${skill.contentHash} (${skill.source})\n`);
  for (const file of delivery.instructions) log(`[switchboard] delivered instructions ${file.path} sha256:${sha256(file.content)}\n`);
  if (!delivery.skills.length && !delivery.instructions.length) log("[switchboard] no skills or instructions to deliver\n");
}

/** The instruction files as one document for the CLI's system-prompt or global-instructions file. */
export function instructionsDocument(delivery: Delivery): string | null {
  if (!delivery.instructions.length) return null;
  if (delivery.instructions.length === 1) return delivery.instructions[0].content;
  return delivery.instructions.map((file) => `<!-- ${file.path} -->\n${file.content.trimEnd()}\n`).join("\n");
}

/** The reason, task and comment of a wake, loaded once so the prompt can name them. */
export async function describeWake(reason: string, issueId: string | null, commentId: string | null): Promise<WakeDescription> {
  const [issue, comment] = await Promise.all([
    issueId ? db.issue.findUnique({ where: { id: issueId }, select: { id: true, identifier: true, title: true } }) : null,
    commentId ? db.issueComment.findUnique({ where: { id: commentId }, select: { id: true, body: true } }) : null,
  ]);
  return { reason, issue, comment };
}

/** The message a CLI starts its run with: why it woke, on what, where the API is, and which procedure to follow. */
export function wakePrompt(wake: WakeDescription, env: Record<string, string>): string {
  const lines = [`Switchboard woke you (reason: ${wake.reason}).`];
  if (wake.issue) lines.push(`Task: ${wake.issue.identifier} "${wake.issue.title}" (issue id ${wake.issue.id}).`);
  else lines.push("No particular task: check your assigned issues.");
  if (wake.comment) {
    const body = wake.comment.body.length > 4_000 ? `${wake.comment.body.slice(0, 4_000)}…` : wake.comment.body;
    lines.push(`The comment that woke you (id ${wake.comment.id}):`, ...body.split("\n").map((line) => `> ${line}`));
  }
  lines.push(
    `The Switchboard API is at ${env.PAPERCLIP_API_URL}. Your API key and this run's id are in the environment as PAPERCLIP_API_KEY and PAPERCLIP_RUN_ID (send the run id as the X-Paperclip-Run-Id header on changes).`,
    "Follow the heartbeat procedure in the switchboard skill: check out the task before working on it, report progress in comments, and end the heartbeat when the procedure says so.",
  );
  return lines.join("\n");
}
