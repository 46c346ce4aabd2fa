import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as executionWorkspaceRoute from "@/app/api/execution-workspaces/[id]/route";
import * as closeReadinessRoute from "@/app/api/execution-workspaces/[id]/close-readiness/route";
import * as operationsRoute from "@/app/api/execution-workspaces/[id]/workspace-operations/route";
import * as runtimeCommandsRoute from "@/app/api/execution-workspaces/[id]/runtime-commands/[action]/route";
import * as runtimeServicesRoute from "@/app/api/execution-workspaces/[id]/runtime-services/[action]/route";
import * as projectWorkspacesRoute from "@/app/api/projects/[id]/workspaces/route";
import * as operationLogRoute from "@/app/api/workspace-operations/[operationId]/log/route";
import { db } from "@/lib/db/client";
import { findFreePort } from "@/lib/net";
import { callRoute } from "./fixtures";

/** A real git repository with one commit on main, as a project's checkout. */
export function gitRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchboard-repo-"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], { cwd: dir, stdio: "pipe" })
      .toString()
      .trim();
  git("init", "-q", "-b", "main");
  writeFileSync(path.join(dir, "README.md"), "# repo\n");
  git("add", ".");
  git("commit", "-q", "-m", "initial");
  return dir;
}

export const gitIn = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "pipe" }).toString().trim();

/** A service that listens on PORT and also starts a child (`sleep`) in its group, which a stop must kill too. */
export function webServiceCommand(id = "web") {
  return {
    id,
    name: id,
    kind: "service",
    command: `sleep 300 & echo "child $!"; exec node -e "require('http').createServer((q,s)=>s.end('hello from ' + process.env.PAPERCLIP_WORKSPACE_ID)).listen(process.env.PORT, () => console.log('listening'))"`,
  };
}

/** A service on a fixed port that answers every request with its own id. */
export const serviceOn = (id: string, port: number) => ({
  id,
  name: id,
  kind: "service",
  port,
  command: `node -e "require('http').createServer((q,s)=>s.end('${id}')).listen(process.env.PORT)"`,
});

export async function runtimeWith(...extra: Record<string, unknown>[]) {
  const port = await findFreePort();
  return {
    port,
    runtime: {
      commands: [
        { ...webServiceCommand(), port },
        { id: "hello", name: "hello", kind: "job", command: "echo job-out; echo job-err >&2" },
        { id: "broken", name: "broken", kind: "job", command: "echo about to fail >&2; exit 3" },
        ...extra,
      ],
    },
  };
}

export function createProjectWorkspace(projectId: string, token: string, body: Record<string, unknown>) {
  return callRoute(projectWorkspacesRoute.POST, "POST", `/api/projects/${projectId}/workspaces`, { token, params: { id: projectId }, body });
}

export function getWorkspace(id: string, token: string) {
  return callRoute(executionWorkspaceRoute.GET, "GET", `/api/execution-workspaces/${id}`, { token, params: { id } });
}

export function patchWorkspace(id: string, token: string, body: Record<string, unknown>) {
  return callRoute(executionWorkspaceRoute.PATCH, "PATCH", `/api/execution-workspaces/${id}`, { token, params: { id }, body });
}

export function closeReadiness(id: string, token: string) {
  return callRoute(closeReadinessRoute.GET, "GET", `/api/execution-workspaces/${id}/close-readiness`, { token, params: { id } });
}

export function serviceAction(id: string, token: string, action: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return callRoute(runtimeServicesRoute.POST, "POST", `/api/execution-workspaces/${id}/runtime-services/${action}`, {
    token,
    params: { id, action },
    body,
    headers,
  });
}

export function commandAction(id: string, token: string, action: string, body: Record<string, unknown> = {}) {
  return callRoute(runtimeCommandsRoute.POST, "POST", `/api/execution-workspaces/${id}/runtime-commands/${action}`, { token, params: { id, action }, body });
}

export function operations(id: string, token: string) {
  return callRoute(operationsRoute.GET, "GET", `/api/execution-workspaces/${id}/workspace-operations`, { token, params: { id } });
}

export function operationLog(operationId: string, token: string) {
  return callRoute(operationLogRoute.GET, "GET", `/api/workspace-operations/${operationId}/log`, { token, params: { operationId } });
}

/** A project whose issues get isolated git worktrees, with a primary workspace on `repo`. */
export async function isolatedProject(companyId: string, ownerToken: string, repo: string, extra: Record<string, unknown> = {}) {
  const project = await db.project.create({
    data: {
      companyId,
      name: `Project ${Math.random().toString(36).slice(2, 7)}`,
      urlKey: `p-${Math.random().toString(36).slice(2, 9)}`,
      executionWorkspacePolicy: {
        enabled: true,
        defaultMode: "isolated_workspace",
        workspaceStrategy: { type: "git_worktree", provisionCommand: "echo provisioned > .provisioned; echo provision-ran" },
      },
    },
  });
  const created = await createProjectWorkspace(project.id, ownerToken, { name: "main", cwd: repo, repoRef: "main", ...extra });
  if (created.status !== 201) throw new Error(`project workspace: ${created.status} ${JSON.stringify(created.json)}`);
  return { project, projectWorkspace: created.json };
}

export async function httpText(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
  return response.text();
}

/** Non-zombie processes whose process group is `pgid`, from /proc. */
export function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z" && Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // gone while reading
    }
  }
  return members;
}
