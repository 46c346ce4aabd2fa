import "server-only";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "../auth/actor";
import { requireServerPathOwner } from "../auth/permissions";
import { git } from "../workspaces/git";

export type LocalCheckout = {
  path: string;
  exists: boolean;
  isGitRepo: boolean;
  branch: string | null;
  detached: boolean;
  headCommit: string | null;
  suggestedName: string;
  problem: string | null;
};

const GIT_TIMEOUT_MS = 5_000;

/** Why a folder cannot be used, from the error that reading it gave. */
function unreadable(folder: string, error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT" || error.code === "ENOTDIR") return `No folder at ${folder}`;
  if (error.code === "EACCES" || error.code === "EPERM") return `The server may not read ${folder} (permission denied)`;
  return `Cannot read ${folder}: ${error.code ?? error.message}`;
}

/** The first line git printed, without its "fatal:" label: git's own words for what went wrong. */
const gitSaid = (stderr: string) => stderr.split("\n")[0].replace(/^fatal:\s*/, "");

/**
 * What a folder on the server holds, for choosing it as a project workspace: its real path, whether it is in a git
 * work tree (a subfolder of a checkout counts, and keeps its own path), that tree's branch and commit. Read-only.
 */
export async function inspectLocalCheckout(requested: string): Promise<LocalCheckout> {
  const normalized = path.resolve(requested);
  const absent = (folder: string, problem: string): LocalCheckout => ({
    path: folder,
    exists: false,
    isGitRepo: false,
    branch: null,
    detached: false,
    headCommit: null,
    suggestedName: path.basename(folder) || folder,
    problem,
  });
  let folder: string;
  try {
    folder = await realpath(normalized);
  } catch (error) {
    return absent(normalized, unreadable(normalized, error as NodeJS.ErrnoException));
  }
  try {
    if (!(await stat(folder)).isDirectory()) return absent(folder, `${folder} is a file, not a folder`);
  } catch (error) {
    return absent(folder, unreadable(folder, error as NodeJS.ErrnoException));
  }
  const found = { path: folder, exists: true, suggestedName: path.basename(folder) || folder };

  const workTree = await git(folder, ["rev-parse", "--is-inside-work-tree"], GIT_TIMEOUT_MS);
  if (!workTree.ok || workTree.stdout !== "true") {
    // git names the reason when it refuses a repository (another user's, a broken one); "not a git repository" is the plain case.
    const refused = !workTree.ok && !/not a git repository/i.test(workTree.stderr) ? gitSaid(workTree.stderr) : null;
    return {
      ...found,
      isGitRepo: false,
      branch: null,
      detached: false,
      headCommit: null,
      problem: refused ? `git could not read it: ${refused}` : "Not a git checkout (no .git)",
    };
  }
  // `branch --show-current` succeeds with nothing to say for a detached HEAD, so detached is an answer, never
  // inferred from a failure: a timeout or git refusing HEAD (say, one pointing outside refs/heads) is a problem.
  const [branch, head] = await Promise.all([
    git(folder, ["branch", "--show-current"], GIT_TIMEOUT_MS),
    git(folder, ["rev-parse", "--verify", "-q", "HEAD^{commit}"], GIT_TIMEOUT_MS),
  ]);
  const headCommit = head.ok && head.stdout ? head.stdout : null;
  const detached = branch.ok && !branch.stdout;
  let problem: string | null = null;
  if (!branch.ok) problem = `git could not read the branch: ${gitSaid(branch.stderr)}`;
  // A branch may have no commit yet; a detached HEAD always names one, so not reading it is a failure.
  else if (detached && !headCommit) problem = `git could not read the HEAD commit: ${gitSaid(head.stderr) || "no answer"}`;
  return { ...found, isGitRepo: true, branch: branch.ok && branch.stdout ? branch.stdout : null, detached, headCommit, problem };
}

/**
 * Checks a folder before it becomes a project workspace's cwd, so it needs what setting that cwd needs: a board user
 * who may administer the company (what runs on the server, and where, is for owners).
 */
export async function checkLocalCheckout(actor: Actor, companyId: string, requested: string): Promise<LocalCheckout> {
  requireServerPathOwner(actor, companyId);
  return inspectLocalCheckout(requested);
}

export function serializeLocalCheckout(checkout: LocalCheckout) {
  return {
    path: checkout.path,
    exists: checkout.exists,
    isGitRepo: checkout.isGitRepo,
    branch: checkout.branch,
    detached: checkout.detached,
    headCommit: checkout.headCommit,
    suggestedName: checkout.suggestedName,
    problem: checkout.problem,
  };
}
