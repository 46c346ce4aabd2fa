import "server-only";
import { realpathSync } from "node:fs";
import path from "node:path";
import { db } from "../db/client";
import type { Agent, Environment, Issue } from "../db/generated/client";
import type { EnvironmentRule, LocalEnvironmentConfig } from "../schemas/environments";
import { defaultEnvironment } from "./environments";

/** `instanceDefault` comes along so callers comparing against it (legacy workspaces) need not look it up again. */
export type ResolvedEnvironment = { environment: Environment; rule: EnvironmentRule; instanceDefault: Environment };

const environmentIdOf = (settings: unknown) => {
  const id = (settings as { environmentId?: unknown } | null)?.environmentId;
  return typeof id === "string" ? id : null;
};

/**
 * The environment a run on `issue` by `agent` is meant to execute in, by the guide's order: the issue's own, else the
 * project workspace policy's, else the agent's default, else the instance default. An agent pinned to the local
 * default keeps it against a project policy; only the issue can move it.
 */
export async function resolveRunEnvironment(
  issue: Pick<Issue, "companyId" | "projectId" | "executionWorkspaceSettings"> | null,
  agent: Pick<Agent, "companyId" | "defaultEnvironmentId">,
): Promise<ResolvedEnvironment> {
  const fallback = await defaultEnvironment(agent.companyId);
  const project = issue?.projectId ? await db.project.findUnique({ where: { id: issue.projectId }, select: { executionWorkspacePolicy: true } }) : null;
  const candidates: [EnvironmentRule, string | null][] = [
    ["issue", environmentIdOf(issue?.executionWorkspaceSettings)],
    ["agent_pinned_local", agent.defaultEnvironmentId === fallback.id ? fallback.id : null],
    ["project_policy", environmentIdOf(project?.executionWorkspacePolicy)],
    ["agent_default", agent.defaultEnvironmentId],
  ];
  const named = candidates.filter((candidate): candidate is [EnvironmentRule, string] => candidate[1] !== null);
  // Archived (or vanished) environments are skipped rather than run in: the next rule decides.
  const active = named.length
    ? await db.environment.findMany({ where: { companyId: agent.companyId, status: "active", id: { in: named.map(([, id]) => id) } } })
    : [];
  for (const [rule, id] of named) {
    const environment = active.find((row) => row.id === id);
    if (environment) return { environment, rule, instanceDefault: fallback };
  }
  return { environment: fallback, rule: "instance_default", instanceDefault: fallback };
}

/** Resolves the environment of `agentId`'s run on `issue` and writes it, with its rule, on the run (when there is one). */
export async function recordRunEnvironment(
  issue: Pick<Issue, "companyId" | "projectId" | "executionWorkspaceSettings"> | null,
  agent: Pick<Agent, "companyId" | "defaultEnvironmentId">,
  runId: string | null,
) {
  const resolved = await resolveRunEnvironment(issue, agent);
  if (runId) await db.heartbeatRun.updateMany({ where: { id: runId }, data: { environmentId: resolved.environment.id, environmentRule: resolved.rule } });
  return resolved;
}

/** The variables an environment adds to a process: its own, and PATH with its prefix in front. */
export function environmentVariables(environment: Environment | null, basePath = process.env.PATH ?? ""): Record<string, string> {
  if (!environment) return {};
  const config = environment.config as LocalEnvironmentConfig;
  const prefix = config.pathPrefix?.trim();
  return { ...(environment.envVars as Record<string, string>), ...(prefix ? { PATH: basePath ? `${prefix}:${basePath}` : prefix } : {}) };
}

/** Why `cwd` may not be used in this environment (outside its allowed root), or null when it may. */
export function outsideAllowedRoot(environment: Environment | null, cwd: string): string | null {
  const root = (environment?.config as LocalEnvironmentConfig | undefined)?.allowedRoot;
  if (!root) return null;
  const relative = path.relative(realPathOf(root), realPathOf(cwd));
  const inside = relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
  return inside ? null : `${cwd} is outside the allowed root ${root} of environment "${environment!.name}"`;
}

/**
 * Symlinks in the part of the path that exists are followed, so a link inside the root cannot lead out of it. The
 * path is not normalised first: in `link/..` the `..` leaves wherever the link points, as it does for a process
 * (hence the native realpath; Node's own reads `..` as text).
 */
function realPathOf(target: string): string {
  const missing: string[] = [];
  for (let existing = path.isAbsolute(target) ? target : path.resolve(target); ; existing = path.dirname(existing)) {
    try {
      return path.join(realpathSync.native(existing), ...missing.reverse());
    } catch {
      if (path.dirname(existing) === existing) return path.resolve(target);
      missing.push(path.basename(existing));
    }
  }
}
