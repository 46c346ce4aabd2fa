// What the first-run wizard asks the server: which agent CLIs it can run (real executables on a PATH of our making,
// really spawned) and what a folder on the server holds (real git repositories).
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as agentClisRoute from "@/app/api/instance/agent-clis/route";
import * as localCheckoutRoute from "@/app/api/companies/[companyId]/local-checkout/route";
import { detectAgentClis, resetAgentCliDetection, type AgentCli } from "@/lib/adapters/detect";
import { demoAgentAdapterConfig } from "@/lib/agents/demo";
import { isSameProcess } from "@/lib/runtime/processes";
import { callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";
import { gitIn } from "./support/workspaces";
import { waitFor } from "./support/wait";

const CLI_KEYS = ["adapterType", "command", "name", "path", "problem", "version"];
const CHECKOUT_KEYS = ["branch", "detached", "exists", "headCommit", "isGitRepo", "path", "problem", "suggestedName"];

const tempFolders: string[] = [];
/** A new folder under the system's temp folder, removed when the file's tests are done. */
function tempFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempFolders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempFolders) rmSync(dir, { recursive: true, force: true });
});

/** A folder of executables, each a small sh script, to put on a PATH. */
function binFolder(scripts: Record<string, string>): string {
  const dir = tempFolder("switchboard-bin-");
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(dir, name), 0o755);
  }
  return dir;
}

/** Appends a line to `file` on every run, so a test can count how often detection spawned the CLI. */
const counted = (file: string, output: string) => `echo run >> '${file}'\necho '${output}'`;

const byType = (clis: AgentCli[]) => Object.fromEntries(clis.map((cli) => [cli.adapterType, cli]));

afterEach(() => resetAgentCliDetection());

describe("detectAgentClis — real executables on an injected PATH", () => {
  it("finds claude and codex and keeps the first line of --version as each prints it", async () => {
    const bin = binFolder({ claude: "echo '2.0.14 (Claude Code)'", codex: "echo 'codex-cli 0.46.0'\necho 'second line'" });
    const clis = byType(await detectAgentClis({ searchPath: bin }));
    expect(clis.claude_local).toEqual({
      adapterType: "claude_local",
      name: "Claude Code",
      command: "claude",
      path: path.join(bin, "claude"),
      version: "2.0.14 (Claude Code)",
      problem: null,
    });
    expect(clis.codex_local).toEqual({
      adapterType: "codex_local",
      name: "Codex",
      command: "codex",
      path: path.join(bin, "codex"),
      version: "codex-cli 0.46.0",
      problem: null,
    });
  });

  it("walks PATH in order past non-executable files, folders and relative entries, as a shell would", async () => {
    const notExecutable = tempFolder("switchboard-bin-");
    writeFileSync(path.join(notExecutable, "claude"), "#!/bin/sh\necho '9.9.9 (wrong one)'\n");
    mkdirSync(path.join(notExecutable, "codex"));
    const real = binFolder({ claude: "echo '2.0.14 (Claude Code)'", codex: "echo 'codex-cli 0.46.0'" });
    const later = binFolder({ claude: "echo '1.0.0 (later on PATH)'" });
    const clis = byType(await detectAgentClis({ searchPath: ["", "relative/bin", notExecutable, real, later].join(path.delimiter) }));
    expect(clis.claude_local.path).toBe(path.join(real, "claude"));
    expect(clis.claude_local.version).toBe("2.0.14 (Claude Code)");
    expect(clis.codex_local.path).toBe(path.join(real, "codex"));
  });

  it("not on PATH → path and version null, and the problem says so", async () => {
    const empty = tempFolder("switchboard-bin-");
    for (const cli of await detectAgentClis({ searchPath: empty })) {
      expect(cli).toMatchObject({ path: null, version: null, problem: "Not found on the server's PATH" });
    }
  });

  it("a --version that exits non-zero or prints no version number → version null with the CLI's own words", async () => {
    const bin = binFolder({
      claude: "echo 'Error: Cannot find module @anthropic-ai/claude-code/cli.js' >&2\nexit 3",
      codex: "echo 'Usage: codex [OPTIONS] [PROMPT]'",
    });
    const clis = byType(await detectAgentClis({ searchPath: bin }));
    expect(clis.claude_local).toMatchObject({
      path: path.join(bin, "claude"),
      version: null,
      problem: "`claude --version` failed: exit code 3: Error: Cannot find module @anthropic-ai/claude-code/cli.js",
    });
    expect(clis.codex_local).toMatchObject({
      path: path.join(bin, "codex"),
      version: null,
      problem: "`codex --version` printed no version number: Usage: codex [OPTIONS] [PROMPT]",
    });
  });

  it("a --version that hangs fails at the timeout, and its whole process group is killed", async () => {
    const pidFile = path.join(tempFolder("switchboard-pid-"), "child.pid");
    // The script starts a child that outlives it unless the whole group is killed, and records the child's pid.
    const hang = `'${process.execPath}' -e "setInterval(() => {}, 1000)" &\necho $! > '${pidFile}'\nwait`;
    const bin = binFolder({ claude: hang, codex: "echo 'codex-cli 0.46.0'" });
    const clis = byType(await detectAgentClis({ searchPath: bin, versionTimeoutMs: 1_000 }));
    expect(clis.claude_local).toMatchObject({ path: path.join(bin, "claude"), version: null, problem: "`claude --version` failed: no answer within 1 s" });
    expect(clis.codex_local.version).toBe("codex-cli 0.46.0");
    const childPid = Number(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, "utf8"), "the hanging child's pid"));
    await waitFor(() => !isSameProcess(childPid, null), "the hanging child to be killed with its group");
  });

  it("answers from a cache for the same PATH until reset or asked fresh, so repeated wizard loads do not spawn", async () => {
    const runs = path.join(tempFolder("switchboard-runs-"), "runs");
    const bin = binFolder({ claude: counted(runs, "2.0.14 (Claude Code)"), codex: "echo 'codex-cli 0.46.0'" });
    const spawned = () => readFileSync(runs, "utf8").trim().split("\n").length;
    await detectAgentClis({ searchPath: bin });
    await detectAgentClis({ searchPath: bin });
    expect(spawned()).toBe(1);
    await detectAgentClis({ searchPath: bin, fresh: true });
    expect(spawned()).toBe(2);
    resetAgentCliDetection();
    await detectAgentClis({ searchPath: bin });
    expect(spawned()).toBe(3);
    // Another PATH is another answer, never the cached one.
    const other = byType(await detectAgentClis({ searchPath: tempFolder("switchboard-bin-") }));
    expect(other.claude_local.path).toBeNull();
  });
});

describe("GET /api/instance/agent-clis", () => {
  it("an owner gets both CLIs from the server's PATH and the demo agent's settings, exactly these fields", async () => {
    const company = await seedCompany();
    const { token } = await seedUser({ memberships: { [company.id]: "owner" } });
    const bin = binFolder({ claude: "echo '2.0.14 (Claude Code)'" });
    const serverPath = process.env.PATH;
    // The route reads the server's own PATH; this file runs in its own process, so changing it here touches no other test.
    process.env.PATH = bin;
    try {
      const res = await callRoute(agentClisRoute.GET, "GET", "/api/instance/agent-clis", { token });
      expect(res.status).toBe(200);
      expect(Object.keys(res.json).sort()).toEqual(["clis", "demo"]);
      expect(res.json.clis.map((cli: { adapterType: string }) => cli.adapterType)).toEqual(["claude_local", "codex_local"]);
      for (const cli of res.json.clis) expect(Object.keys(cli).sort()).toEqual(CLI_KEYS);
      expect(res.json.clis[0]).toMatchObject({ path: path.join(bin, "claude"), version: "2.0.14 (Claude Code)", problem: null });
      expect(res.json.clis[1]).toMatchObject({ path: null, version: null, problem: "Not found on the server's PATH" });
      expect(res.json.demo).toEqual({ adapterType: "process", adapterConfig: demoAgentAdapterConfig() });
      expect(res.json.demo.adapterConfig.args[0]).toMatch(/agents\/demo-agent\.mjs$/);
    } finally {
      process.env.PATH = serverPath;
    }
  });

  it("only those who may set an agent's adapter somewhere: owners and instance admins; viewers, operators and agents 403; no credentials 401", async () => {
    const company = await seedCompany();
    const owned = await seedCompany();
    const ask = (token?: string) => callRoute(agentClisRoute.GET, "GET", "/api/instance/agent-clis", { token });

    // Operator here and viewer there, owner nowhere: the answer would name server paths they can do nothing with.
    const member = await seedUser({ memberships: { [company.id]: "operator", [owned.id]: "viewer" } });
    const noCompany = await seedUser();
    for (const user of [member, noCompany]) {
      const refused = await ask(user.token);
      expect([refused.status, refused.json.code]).toEqual([403, "owner_required"]);
      expect(refused.json).not.toHaveProperty("clis");
    }

    // Owning one company is enough, whatever the role elsewhere; an instance admin needs no membership.
    const ownerSomewhere = await seedUser({ memberships: { [company.id]: "viewer", [owned.id]: "owner" } });
    expect((await ask(ownerSomewhere.token)).status).toBe(200);
    expect((await ask((await seedUser({ admin: true })).token)).status).toBe(200);

    const { token: agentToken } = await seedAgent(company.id);
    const asAgent = await ask(agentToken);
    expect([asAgent.status, asAgent.json.code]).toEqual([403, "board_required"]);
    expect((await ask()).status).toBe(401);
  });
});

describe("GET /api/companies/:companyId/local-checkout", () => {
  let company: Awaited<ReturnType<typeof seedCompany>>;
  let owner: Awaited<ReturnType<typeof seedUser>>;
  let repo: string;
  let head: string;

  const check = (folder: string, token = owner.token, companyId = company.id) =>
    callRoute(localCheckoutRoute.GET, "GET", `/api/companies/${companyId}/local-checkout`, {
      token,
      params: { companyId },
      query: `path=${encodeURIComponent(folder)}`,
    });

  /** A repository on branch `trunk` with one commit, in a folder whose real path the answers must give. */
  function trunkRepo(): string {
    const dir = realpathSync(tempFolder("switchboard-checkout-"));
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], { cwd: dir, stdio: "pipe" });
    git("init", "-q", "-b", "trunk");
    mkdirSync(path.join(dir, "src", "deep"), { recursive: true });
    writeFileSync(path.join(dir, "src", "deep", "index.ts"), "export {};\n");
    git("add", ".");
    git("commit", "-q", "-m", "initial");
    return dir;
  }

  beforeAll(async () => {
    company = await seedCompany();
    owner = await seedUser({ memberships: { [company.id]: "owner" } });
    repo = trunkRepo();
    head = gitIn(repo, "rev-parse", "HEAD");
  });

  it("a checkout on a branch: real path, branch, commit, the folder's name, exactly these fields", async () => {
    const res = await check(repo);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(CHECKOUT_KEYS);
    expect(res.json).toEqual({
      path: repo,
      exists: true,
      isGitRepo: true,
      branch: "trunk",
      detached: false,
      headCommit: head,
      suggestedName: path.basename(repo),
      problem: null,
    });
  });

  it("the real path through a symlink and `..`, and a subfolder of a checkout keeps its own path with the tree's branch", async () => {
    const links = tempFolder("switchboard-links-");
    symlinkSync(repo, path.join(links, "my-app"));
    const viaLink = await check(`${path.join(links, "my-app")}/src/../`);
    expect(viaLink.json).toMatchObject({ path: repo, exists: true, isGitRepo: true, branch: "trunk", suggestedName: path.basename(repo) });

    const sub = await check(path.join(repo, "src", "deep"));
    expect(sub.status).toBe(200);
    expect(sub.json).toEqual({
      path: path.join(repo, "src", "deep"),
      exists: true,
      isGitRepo: true,
      branch: "trunk",
      detached: false,
      headCommit: head,
      suggestedName: "deep",
      problem: null,
    });
  });

  it("a detached HEAD: branch null, detached, the commit it is on", async () => {
    const detachedRepo = trunkRepo();
    const commit = gitIn(detachedRepo, "rev-parse", "HEAD");
    gitIn(detachedRepo, "checkout", "-q", "--detach");
    const res = await check(detachedRepo);
    expect(res.json).toMatchObject({ path: detachedRepo, isGitRepo: true, branch: null, detached: true, headCommit: commit, problem: null });
  });

  it("git failing to read the branch is a problem in git's words, never taken for a detached HEAD", async () => {
    // HEAD naming a tag rather than a branch: the repository is fine to open, but git will not say which branch it is on.
    const odd = trunkRepo();
    const commit = gitIn(odd, "rev-parse", "HEAD");
    gitIn(odd, "tag", "v1");
    gitIn(odd, "symbolic-ref", "HEAD", "refs/tags/v1");
    const res = await check(odd);
    expect(res.json).toMatchObject({ path: odd, isGitRepo: true, branch: null, detached: false, headCommit: commit });
    expect(res.json.problem).toMatch(/^git could not read the branch: \S/);
  });

  it("a repository without commits has its branch and no commit", async () => {
    const fresh = realpathSync(tempFolder("switchboard-fresh-"));
    gitIn(fresh, "init", "-q", "-b", "main");
    const res = await check(fresh);
    expect(res.json).toMatchObject({ isGitRepo: true, branch: "main", detached: false, headCommit: null, problem: null });
  });

  it("a plain folder, a missing path and a file each say what is wrong", async () => {
    const plain = realpathSync(tempFolder("switchboard-plain-"));
    expect((await check(plain)).json).toEqual({
      path: plain,
      exists: true,
      isGitRepo: false,
      branch: null,
      detached: false,
      headCommit: null,
      suggestedName: path.basename(plain),
      problem: "Not a git checkout (no .git)",
    });

    const missing = path.join(plain, "not-here", "app");
    const gone = await check(missing);
    expect(gone.status).toBe(200);
    expect(gone.json).toMatchObject({ path: missing, exists: false, isGitRepo: false, suggestedName: "app", problem: `No folder at ${missing}` });

    const file = path.join(repo, "src", "deep", "index.ts");
    expect((await check(file)).json).toMatchObject({ path: file, exists: false, isGitRepo: false, problem: `${file} is a file, not a folder` });
  });

  it("400 naming query.path for a relative, empty, missing or NUL-holding path", async () => {
    for (const query of ["path=src%2Fapp", "path=", "", "path=%2Ftmp%00x", `path=%2F${"a".repeat(1_001)}`]) {
      const res = await callRoute(localCheckoutRoute.GET, "GET", `/api/companies/${company.id}/local-checkout`, {
        token: owner.token,
        params: { companyId: company.id },
        query,
      });
      expect(res.status, query.slice(0, 30)).toBe(400);
      expect(res.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["query.path"]);
    }
  });

  it("only those who may set a workspace's cwd: operators and viewers 403, other companies' owners 404, agents refused; instance admins may", async () => {
    const operator = await seedUser({ memberships: { [company.id]: "operator" } });
    const viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
    for (const member of [operator, viewer]) {
      const res = await check(repo, member.token);
      expect(res.status).toBe(403);
      expect(res.json.code).toBe("insufficient_role");
      expect(JSON.stringify(res.json)).not.toContain(head);
    }

    const other = await seedCompany();
    const otherOwner = await seedUser({ memberships: { [other.id]: "owner" } });
    const outsider = await check(repo, otherOwner.token);
    expect(outsider.status).toBe(404);
    expect(JSON.stringify(outsider.json)).not.toContain(head);
    // Their own company's id works for them, so the 404 is about the company, not the folder.
    expect((await check(repo, otherOwner.token, other.id)).status).toBe(200);

    const { token: agentToken } = await seedAgent(company.id);
    const asAgent = await check(repo, agentToken);
    expect(asAgent.status).toBe(403);
    expect(asAgent.json.code).toBe("board_required");

    const admin = await seedUser({ admin: true });
    expect((await check(repo, admin.token)).json.headCommit).toBe(head);
    expect((await check(repo, admin.token, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});
