// Skills and instructions through their routes: the bundled skill served as Paperclip serves its own, agents'
// instruction files and path, company skills created, imported from a folder and from a real git repository,
// found in project workspaces, and chosen by agents. Cross-company ids are 404, other agents 403, bad paths named.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as agentRoute from "@/app/api/agents/[id]/route";
import * as agentSkillsRoute from "@/app/api/agents/[id]/skills/route";
import * as agentSkillsSyncRoute from "@/app/api/agents/[id]/skills/sync/route";
import * as bundleRoute from "@/app/api/agents/[id]/instructions-bundle/route";
import * as pathRoute from "@/app/api/agents/[id]/instructions-path/route";
import * as agentHiresRoute from "@/app/api/companies/[companyId]/agent-hires/route";
import * as companyAgentsRoute from "@/app/api/companies/[companyId]/agents/route";
import * as companySkillRoute from "@/app/api/companies/[companyId]/skills/[skillId]/route";
import * as importRoute from "@/app/api/companies/[companyId]/skills/import/route";
import * as companySkillsRoute from "@/app/api/companies/[companyId]/skills/route";
import * as scanRoute from "@/app/api/companies/[companyId]/skills/scan-projects/route";
import * as skillRoute from "@/app/api/skills/[name]/route";
import * as skillIndexRoute from "@/app/api/skills/index/route";
import { replaceInstructionFiles } from "@/lib/agents/instruction-files";
import { db } from "@/lib/db/client";
import { skillContentHash } from "@/lib/skills/bundled";
import { setAgentSkills } from "@/lib/skills/agent-skills";
import { BASE_URL, callRoute, seedAgent, seedCompany, seedUser } from "./support/fixtures";
import { gitIn } from "./support/workspaces";
import { NextRequest } from "next/server";

let company: Awaited<ReturnType<typeof seedCompany>>;
let other: Awaited<ReturnType<typeof seedCompany>>;
let owner: Awaited<ReturnType<typeof seedUser>>;
let operator: Awaited<ReturnType<typeof seedUser>>;
let viewer: Awaited<ReturnType<typeof seedUser>>;
let outsider: Awaited<ReturnType<typeof seedUser>>;
let alice: Awaited<ReturnType<typeof seedAgent>>;
let bob: Awaited<ReturnType<typeof seedAgent>>;

beforeAll(async () => {
  company = await seedCompany();
  other = await seedCompany();
  owner = await seedUser({ memberships: { [company.id]: "owner" } });
  operator = await seedUser({ memberships: { [company.id]: "operator" } });
  viewer = await seedUser({ memberships: { [company.id]: "viewer" } });
  outsider = await seedUser({ memberships: { [other.id]: "owner" } });
  alice = await seedAgent(company.id, { name: "Alice" });
  bob = await seedAgent(company.id, { name: "Bob" });
});

const skillMarkdown = (name: string, body = "Do the thing.") => `---\nname: ${name}\ndescription: ${name} for tests\n---\n\n# ${name}\n\n${body}\n`;

const instructionsPath = (agentId: string, token: string, body: unknown) =>
  callRoute(pathRoute.PATCH, "PATCH", `/api/agents/${agentId}/instructions-path`, { token, params: { id: agentId }, body });
const getBundle = (agentId: string, token: string) =>
  callRoute(bundleRoute.GET, "GET", `/api/agents/${agentId}/instructions-bundle`, { token, params: { id: agentId } });
const patchBundle = (agentId: string, token: string, body: unknown) =>
  callRoute(bundleRoute.PATCH, "PATCH", `/api/agents/${agentId}/instructions-bundle`, { token, params: { id: agentId }, body });
const listSkills = (token: string, companyId = company.id) =>
  callRoute(companySkillsRoute.GET, "GET", `/api/companies/${companyId}/skills`, { token, params: { companyId } });
const createSkill = (token: string, body: unknown, companyId = company.id) =>
  callRoute(companySkillsRoute.POST, "POST", `/api/companies/${companyId}/skills`, { token, params: { companyId }, body });
const skillCall = (method: "GET" | "PATCH" | "DELETE", token: string, skillId: string, body?: unknown, companyId = company.id) =>
  callRoute(companySkillRoute[method], method, `/api/companies/${companyId}/skills/${skillId}`, { token, params: { companyId, skillId }, body });
const importSkills = (token: string, source: string, companyId = company.id) =>
  callRoute(importRoute.POST, "POST", `/api/companies/${companyId}/skills/import`, { token, params: { companyId }, body: { source } });
const scanProjects = (token: string, body: unknown = {}, companyId = company.id) =>
  callRoute(scanRoute.POST, "POST", `/api/companies/${companyId}/skills/scan-projects`, { token, params: { companyId }, body });
const agentSkills = (agentId: string, token: string) =>
  callRoute(agentSkillsRoute.GET, "GET", `/api/agents/${agentId}/skills`, { token, params: { id: agentId } });
const syncSkills = (agentId: string, token: string, desiredSkills: string[]) =>
  callRoute(agentSkillsSyncRoute.POST, "POST", `/api/agents/${agentId}/skills/sync`, { token, params: { id: agentId }, body: { desiredSkills } });

/** A folder holding SKILL.md folders: `skills/<name>/SKILL.md` each, the first with a supporting file. */
function skillTree(names: string[]) {
  const root = mkdtempSync(path.join(os.tmpdir(), "switchboard-skills-"));
  names.forEach((name, index) => {
    mkdirSync(path.join(root, "skills", name, "references"), { recursive: true });
    writeFileSync(path.join(root, "skills", name, "SKILL.md"), skillMarkdown(name));
    if (index === 0) writeFileSync(path.join(root, "skills", name, "references", "notes.md"), `Notes for ${name}\n`);
  });
  return root;
}

const names = (skills: { key: string }[]) => skills.map((skill) => skill.key).sort();

describe("GET /api/skills/index and GET /api/skills/:name", () => {
  it("lists the bundled switchboard skill for agents and board users, and refuses callers without credentials", async () => {
    for (const token of [alice.token, viewer.token]) {
      const index = await callRoute(skillIndexRoute.GET, "GET", "/api/skills/index", { token });
      expect(index.status).toBe(200);
      const entry = index.json.skills.find((skill: { name: string }) => skill.name === "switchboard");
      expect(Object.keys(entry).sort()).toEqual(["contentHash", "description", "name", "path"]);
      expect(entry.path).toBe("/api/skills/switchboard");
    }
    expect((await callRoute(skillIndexRoute.GET, "GET", "/api/skills/index")).status).toBe(401);
  });

  it("serves the SKILL.md text as markdown (any case of the name), and 404 for an unknown skill", async () => {
    const request = new NextRequest(`${BASE_URL}/api/skills/Switchboard`, { headers: { authorization: `Bearer ${alice.token}` } });
    const response = await skillRoute.GET(request, { params: Promise.resolve({ name: "Switchboard" }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(await response.text()).toBe(readFileSync(path.join(process.cwd(), "skills/switchboard/SKILL.md"), "utf8"));
    const missing = await callRoute(skillRoute.GET, "GET", "/api/skills/nope", { token: alice.token, params: { name: "nope" } });
    expect([missing.status, missing.json.code]).toEqual([404, "not_found"]);
  });
});

describe("PATCH /api/agents/:id/instructions-path", () => {
  it("sets and clears a relative path for the board and the agent itself, in Paperclip's answer shape", async () => {
    const set = await instructionsPath(alice.agent.id, operator.token, { path: "docs/agent.md", adapterConfigKey: "instructionsFilePath" });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ agentId: alice.agent.id, adapterType: "process", adapterConfigKey: "instructionsFilePath", path: "docs/agent.md" });
    const own = await instructionsPath(alice.agent.id, alice.token, { path: "AGENTS.local.md" });
    expect([own.status, own.json.path]).toEqual([200, "AGENTS.local.md"]);
    expect((await db.agent.findUniqueOrThrow({ where: { id: alice.agent.id } })).instructionsPath).toBe("AGENTS.local.md");
    const cleared = await instructionsPath(alice.agent.id, owner.token, { path: null });
    expect([cleared.status, cleared.json.path]).toEqual([200, null]);
  });

  it("refuses absolute paths and '..' for everyone, naming the path field (422)", async () => {
    for (const [token, bad] of [
      [alice.token, "/etc/passwd"],
      [owner.token, "/srv/agents/alice.md"],
      [owner.token, "docs/../../secrets.md"],
      [alice.token, "C:/agent.md"],
    ] as const) {
      const refused = await instructionsPath(alice.agent.id, token, { path: bad });
      expect([refused.status, refused.json.code, refused.json.invalid_params[0].name]).toEqual([422, "invalid_field", "path"]);
    }
  });

  it("is 403 for another agent and for viewers, 404 across companies", async () => {
    expect((await instructionsPath(alice.agent.id, bob.token, { path: "x.md" })).status).toBe(403);
    expect((await instructionsPath(alice.agent.id, viewer.token, { path: "x.md" })).status).toBe(403);
    expect((await instructionsPath(alice.agent.id, outsider.token, { path: "x.md" })).status).toBe(404);
  });
});

describe("GET/PATCH /api/agents/:id/instructions-bundle", () => {
  it("upserts and removes files, AGENTS.md first, and answers Paperclip's managed-bundle shape", async () => {
    const agent = await seedAgent(company.id);
    const empty = await getBundle(agent.agent.id, operator.token);
    expect(empty.status).toBe(200);
    expect(Object.keys(empty.json).sort()).toEqual(["agentId", "companyId", "editable", "entryFile", "files", "instructionsPath", "mode", "rootPath"]);
    expect(empty.json).toMatchObject({ mode: "managed", entryFile: "AGENTS.md", files: [], editable: true });

    const written = await patchBundle(agent.agent.id, operator.token, {
      mode: "managed",
      entryFile: "AGENTS.md",
      files: [
        { path: "notes/style.md", content: "Short sentences.\n" },
        { path: "AGENTS.md", content: "You build things.\n" },
      ],
    });
    expect(written.status).toBe(200);
    expect(written.json.files.map((file: { path: string }) => file.path)).toEqual(["AGENTS.md", "notes/style.md"]);
    expect(Object.keys(written.json.files[0]).sort()).toEqual(["content", "isEntryFile", "path", "size", "updatedAt"]);
    expect(written.json.files[0]).toMatchObject({ isEntryFile: true, content: "You build things.\n", size: 18 });

    const own = await patchBundle(agent.agent.id, agent.token, { files: [{ path: "AGENTS.md", content: "Edited by me.\n" }], deleteFiles: ["notes/style.md"] });
    expect(own.status).toBe(200);
    expect(own.json.files.map((file: { path: string; content: string }) => [file.path, file.content])).toEqual([["AGENTS.md", "Edited by me.\n"]]);
    expect(await db.agentInstructionFile.count({ where: { agentId: agent.agent.id } })).toBe(1);
  });

  it("names every bad path (relative .md only, no '..'), refuses external mode and another entry file (422)", async () => {
    const refused = await patchBundle(alice.agent.id, operator.token, {
      files: [
        { path: "../escape.md", content: "x" },
        { path: "/abs.md", content: "x" },
        { path: "script.sh", content: "x" },
      ],
      deleteFiles: ["a/../../b.md"],
    });
    expect([refused.status, refused.json.code]).toEqual([422, "invalid_field"]);
    expect(refused.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["files.0.path", "files.1.path", "files.2.path", "deleteFiles.0"]);
    const external = await patchBundle(alice.agent.id, operator.token, { mode: "external", rootPath: "/srv/x" });
    expect([external.status, external.json.invalid_params[0].name]).toEqual([422, "mode"]);
    const entry = await patchBundle(alice.agent.id, operator.token, { entryFile: "README.md" });
    expect([entry.status, entry.json.invalid_params[0].name]).toEqual([422, "entryFile"]);
    const tooMany = await patchBundle(alice.agent.id, operator.token, {
      files: Array.from({ length: 21 }, (_, index) => ({ path: `f${index}.md`, content: "x" })),
    });
    expect([tooMany.status, tooMany.json.invalid_params[0].name]).toEqual([400, "body.files"]);
  });

  it("is 403 for another agent (read and write), 403 for viewers writing, 404 across companies", async () => {
    expect((await getBundle(alice.agent.id, bob.token)).status).toBe(403);
    expect((await patchBundle(alice.agent.id, bob.token, { files: [{ path: "AGENTS.md", content: "hijack" }] })).status).toBe(403);
    expect((await getBundle(alice.agent.id, viewer.token)).json.editable).toBe(false);
    expect((await patchBundle(alice.agent.id, viewer.token, { files: [] })).status).toBe(403);
    expect((await getBundle(alice.agent.id, outsider.token)).status).toBe(404);
    expect((await patchBundle(alice.agent.id, outsider.token, { files: [] })).status).toBe(404);
  });

  it("replaceInstructionFiles replaces the whole set in the caller's transaction and refuses a bad path", async () => {
    const agent = await seedAgent(company.id);
    await db.$transaction((tx) =>
      replaceInstructionFiles(
        tx,
        agent.agent,
        [
          { path: "AGENTS.md", content: "a" },
          { path: "b.md", content: "b" },
        ],
        "files",
      ),
    );
    await db.$transaction((tx) => replaceInstructionFiles(tx, agent.agent, [{ path: "AGENTS.md", content: "c" }], "files"));
    expect(await db.agentInstructionFile.findMany({ where: { agentId: agent.agent.id }, select: { path: true, content: true } })).toEqual([
      { path: "AGENTS.md", content: "c" },
    ]);
    await expect(db.$transaction((tx) => replaceInstructionFiles(tx, agent.agent, [{ path: "../x.md", content: "" }], "files"))).rejects.toMatchObject({
      code: "invalid_field",
      invalidParams: [{ name: "files.../x.md", reason: "Must not contain '..'" }],
    });
  });
});

describe("GET/POST /api/companies/:companyId/skills and GET/PATCH/DELETE …/skills/:skillId", () => {
  it("creates from markdown (key from the front matter), lists without the text, reads, updates the hash, deletes", async () => {
    const markdown = skillMarkdown("Release Notes");
    const created = await createSkill(operator.token, { markdown, files: { "references/template.md": "## Changes\n" } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      key: "release-notes",
      slug: "release-notes",
      name: "Release Notes",
      description: "Release Notes for tests",
      sourceType: "created",
    });
    expect(created.json.contentHash).toBe(skillContentHash(markdown, { "references/template.md": "## Changes\n" }));

    const list = await listSkills(viewer.token);
    expect(list.status).toBe(200);
    const row = list.json.find((skill: { id: string }) => skill.id === created.json.id);
    expect(Object.keys(row).sort()).toEqual([
      "companyId",
      "contentHash",
      "createdAt",
      "description",
      "fileCount",
      "id",
      "key",
      "name",
      "slug",
      "sourceLocator",
      "sourceType",
      "updatedAt",
    ]);
    expect((await listSkills(alice.token)).status).toBe(200);

    const detail = await skillCall("GET", alice.token, created.json.id);
    expect([detail.status, detail.json.markdown, detail.json.files]).toEqual([200, markdown, { "references/template.md": "## Changes\n" }]);

    const edited = await skillCall("PATCH", owner.token, created.json.id, { markdown: skillMarkdown("Release Notes", "Now shorter.") });
    expect(edited.status).toBe(200);
    expect(edited.json.contentHash).not.toBe(created.json.contentHash);

    expect((await skillCall("DELETE", operator.token, created.json.id)).status).toBe(200);
    expect((await skillCall("GET", operator.token, created.json.id)).status).toBe(404);
  });

  it("takes Paperclip's {name, slug, description} without markdown, and refuses a taken key (409)", async () => {
    const created = await createSkill(operator.token, { name: "Code Review", slug: "code-review", description: "How we review" });
    expect([created.status, created.json.key]).toEqual([201, "code-review"]);
    expect(created.json.markdown).toContain("name: code-review");
    const again = await createSkill(owner.token, { markdown: skillMarkdown("code-review") });
    expect([again.status, again.json.code]).toEqual([409, "skill_key_taken"]);
    const bad = await createSkill(owner.token, { key: "../x", markdown: "text" });
    expect([bad.status, bad.json.invalid_params[0].name]).toEqual([400, "body.key"]);
  });

  it("is 404 for another company's skill and company, 403 for agents and viewers writing", async () => {
    const theirs = await createSkill(outsider.token, { markdown: skillMarkdown("theirs") }, other.id);
    expect(theirs.status).toBe(201);
    expect((await skillCall("GET", owner.token, theirs.json.id)).status).toBe(404);
    expect((await skillCall("DELETE", owner.token, theirs.json.id)).status).toBe(404);
    expect((await skillCall("GET", owner.token, theirs.json.id, undefined, other.id)).status).toBe(404);
    expect((await listSkills(owner.token, other.id)).status).toBe(404);
    expect((await createSkill(alice.token, { markdown: skillMarkdown("mine") })).status).toBe(403);
    expect((await createSkill(viewer.token, { markdown: skillMarkdown("mine") })).status).toBe(403);
  });
});

describe("POST /api/companies/:companyId/skills/import", () => {
  it("imports every SKILL.md folder of a local folder with its files, and a re-import updates by key", async () => {
    const root = skillTree(["lint-rules", "deploy-steps"]);
    const first = await importSkills(owner.token, root);
    expect(first.status).toBe(201);
    expect(names(first.json.imported)).toEqual(["deploy-steps", "lint-rules"]);
    const lint = await db.companySkill.findUniqueOrThrow({ where: { companyId_key: { companyId: company.id, key: "lint-rules" } } });
    expect([lint.sourceType, lint.sourceLocator, lint.files]).toEqual([
      "local_path",
      `${root}#skills/lint-rules`,
      { "references/notes.md": "Notes for lint-rules\n" },
    ]);

    writeFileSync(path.join(root, "skills", "lint-rules", "SKILL.md"), skillMarkdown("lint-rules", "Stricter now."));
    const second = await importSkills(owner.token, root);
    expect([second.status, names(second.json.imported), names(second.json.updated)]).toEqual([201, [], ["deploy-steps", "lint-rules"]]);
    expect((await db.companySkill.findUniqueOrThrow({ where: { id: lint.id } })).markdown).toContain("Stricter now.");
  });

  it("imports from a real git repository by file:// URL (shallow clone)", async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), "switchboard-skill-repo-"));
    gitIn(repo, "init", "-q", "-b", "main");
    writeFileSync(path.join(repo, "SKILL.md"), skillMarkdown("from-git"));
    mkdirSync(path.join(repo, "scripts"));
    writeFileSync(path.join(repo, "scripts", "check.md"), "Run the checks.\n");
    gitIn(repo, "add", ".");
    gitIn(repo, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-q", "-m", "skill");
    const imported = await importSkills(owner.token, `file://${repo}`);
    expect(imported.status).toBe(201);
    expect(imported.json.imported).toHaveLength(1);
    expect(imported.json.imported[0]).toMatchObject({ key: "from-git", sourceType: "git", sourceLocator: `file://${repo}`, fileCount: 1 });
  });

  it("refuses operators (403), relative paths, unsafe git transports and folders without SKILL.md (422 naming source)", async () => {
    const root = skillTree(["x"]);
    const byOperator = await importSkills(operator.token, root);
    expect([byOperator.status, byOperator.json.code]).toEqual([403, "insufficient_role"]);
    const empty = mkdtempSync(path.join(os.tmpdir(), "switchboard-empty-"));
    for (const source of ["relative/folder", "ext::sh -c touch% /tmp/pwned", empty, path.join(empty, "missing"), "file:///nonexistent/repo"]) {
      const refused = await importSkills(owner.token, source);
      expect([refused.status, refused.json.code, refused.json.invalid_params[0].name]).toEqual([422, "skill_source_unreadable", "source"]);
    }
    expect((await importSkills(alice.token, root)).status).toBe(403);
    expect((await importSkills(outsider.token, root)).status).toBe(404);
  });
});

describe("POST /api/companies/:companyId/skills/scan-projects", () => {
  it("finds SKILL.md folders in project workspace folders, imports them once, and reports conflicts and missing folders", async () => {
    const scanCompany = await seedCompany();
    const scanOwner = await seedUser({ memberships: { [scanCompany.id]: "owner" } });
    const cwd = mkdtempSync(path.join(os.tmpdir(), "switchboard-project-"));
    mkdirSync(path.join(cwd, ".claude", "skills", "ship-it"), { recursive: true });
    writeFileSync(path.join(cwd, ".claude", "skills", "ship-it", "SKILL.md"), skillMarkdown("ship-it"));
    mkdirSync(path.join(cwd, "node_modules", "dep"), { recursive: true });
    writeFileSync(path.join(cwd, "node_modules", "dep", "SKILL.md"), skillMarkdown("ignored-dependency"));
    const project = await db.project.create({ data: { companyId: scanCompany.id, name: "Web", urlKey: "web" } });
    const workspace = await db.projectWorkspace.create({ data: { companyId: scanCompany.id, projectId: project.id, name: "main", cwd, isPrimary: true } });
    await db.projectWorkspace.create({ data: { companyId: scanCompany.id, projectId: project.id, name: "gone", cwd: path.join(cwd, "missing") } });

    const first = await scanProjects(scanOwner.token, {}, scanCompany.id);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ scannedProjects: 1, scannedWorkspaces: 2, discovered: 1, conflicts: [] });
    expect(names(first.json.imported)).toEqual(["ship-it"]);
    expect(first.json.imported[0]).toMatchObject({ sourceType: "project_workspace", sourceLocator: path.join(cwd, ".claude/skills/ship-it") });
    expect(first.json.skipped).toEqual([expect.objectContaining({ workspaceName: "gone", reason: "The workspace folder does not exist" })]);

    const again = await scanProjects(scanOwner.token, { workspaceIds: [workspace.id] }, scanCompany.id);
    expect([again.json.scannedWorkspaces, again.json.imported, again.json.updated]).toEqual([1, [], []]);

    mkdirSync(path.join(cwd, "skills", "handmade"), { recursive: true });
    writeFileSync(path.join(cwd, "skills", "handmade", "SKILL.md"), skillMarkdown("handmade"));
    expect((await createSkill(scanOwner.token, { markdown: skillMarkdown("handmade") }, scanCompany.id)).status).toBe(201);
    const conflicted = await scanProjects(scanOwner.token, {}, scanCompany.id);
    expect(conflicted.json.conflicts).toEqual([expect.objectContaining({ key: "handmade", workspaceId: workspace.id })]);
    const foreignProject = await db.project.create({ data: { companyId: other.id, name: "Theirs", urlKey: "theirs" } });
    const foreign = await scanProjects(scanOwner.token, { projectIds: [foreignProject.id] }, scanCompany.id);
    expect([foreign.status, foreign.json.code, foreign.json.invalid_params[0].name]).toEqual([422, "invalid_reference", "projectIds"]);
    expect((await scanProjects(outsider.token, {}, scanCompany.id)).status).toBe(404);
    expect((await scanProjects(alice.token, {}, scanCompany.id)).json.code).toBe("board_required");
  });
});

describe("GET /api/agents/:id/skills and POST …/skills/sync", () => {
  it("replaces the chosen set by key or id, accepts bundled names without storing them, and names unknown refs (422)", async () => {
    const one = (await createSkill(operator.token, { markdown: skillMarkdown("sync-one") })).json;
    const two = (await createSkill(operator.token, { markdown: skillMarkdown("sync-two") })).json;
    const theirs = (await createSkill(outsider.token, { markdown: skillMarkdown("sync-theirs") }, other.id)).json;

    const set = await syncSkills(alice.agent.id, operator.token, ["sync-one", two.id, "switchboard"]);
    expect(set.status).toBe(200);
    expect(Object.keys(set.json).sort()).toEqual(["agentId", "bundledSkills", "companyId", "desiredSkills", "skills"]);
    expect([set.json.desiredSkills, set.json.bundledSkills]).toEqual([["sync-one", "sync-two"], ["switchboard"]]);

    const replaced = await syncSkills(alice.agent.id, alice.token, [one.id]);
    expect(replaced.json.desiredSkills).toEqual(["sync-one"]);
    expect((await agentSkills(alice.agent.id, viewer.token)).json.desiredSkills).toEqual(["sync-one"]);

    const unknown = await syncSkills(alice.agent.id, operator.token, ["sync-one", "no-such-skill", theirs.id]);
    expect([unknown.status, unknown.json.code]).toEqual([422, "unknown_skill_refs"]);
    expect(unknown.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["desiredSkills.1", "desiredSkills.2"]);
    expect((await agentSkills(alice.agent.id, alice.token)).json.desiredSkills).toEqual(["sync-one"]);
  });

  it("is 403 for another agent and viewers writing, 404 across companies; setAgentSkills works in a caller's transaction", async () => {
    expect((await syncSkills(alice.agent.id, bob.token, [])).status).toBe(403);
    expect((await agentSkills(alice.agent.id, bob.token)).status).toBe(403);
    expect((await syncSkills(alice.agent.id, viewer.token, [])).status).toBe(403);
    expect((await syncSkills(alice.agent.id, outsider.token, [])).status).toBe(404);
    expect((await agentSkills(alice.agent.id, outsider.token)).status).toBe(404);
    const skills = await db.$transaction((tx) => setAgentSkills(tx, bob.agent, []));
    expect(skills).toEqual([]);
  });
});

describe("company skill files are checked when saved", () => {
  it("POST and PATCH /api/companies/:companyId/skills… refuse paths outside the folder, SKILL.md and a path that is another's folder (422 naming files.<path>)", async () => {
    const bad = { "../x": "x", "/abs": "x", "SKILL.md": "replaced", a: "file", "a/b": "under a", "references/ok.md": "fine" };
    const created = await createSkill(owner.token, { markdown: skillMarkdown("checked-files"), files: bad });
    expect([created.status, created.json.code]).toEqual([422, "invalid_field"]);
    expect(created.json.invalid_params.map((param: { name: string }) => param.name)).toEqual(["files.../x", "files./abs", "files.SKILL.md", "files.a"]);
    expect(await db.companySkill.count({ where: { companyId: company.id, key: "checked-files" } })).toBe(0);

    const good = await createSkill(owner.token, { markdown: skillMarkdown("checked-files"), files: { "references/ok.md": "fine" } });
    expect(good.status).toBe(201);
    const patched = await skillCall("PATCH", owner.token, good.json.id, { files: bad });
    expect([patched.status, patched.json.invalid_params?.length]).toEqual([422, 4]);
    expect((await db.companySkill.findUniqueOrThrow({ where: { id: good.json.id } })).files).toEqual({ "references/ok.md": "fine" });
  });
});

describe("POST /api/companies/:companyId/skills/import — what a folder gives", () => {
  it("leaves out hidden files, and a SKILL.md at the root takes only references/, scripts/, assets/, templates/ and top-level markdown", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "switchboard-root-skill-"));
    writeFileSync(path.join(root, "SKILL.md"), skillMarkdown("root-skill"));
    const files: Record<string, string> = {
      ".env": "SECRET=1\n",
      ".github/workflows/ci.yml": "on: push\n",
      "src/index.ts": "export {};\n",
      "package.json": "{}\n",
      "notes.md": "Top-level notes\n",
      "references/api.md": "API\n",
      "references/.hidden.md": "hidden\n",
      "scripts/check.sh": "echo ok\n",
      "skills/inner/SKILL.md": skillMarkdown("inner-skill"),
      "skills/inner/helper.py": "print(1)\n",
      "skills/inner/.env.local": "SECRET=2\n",
      "skills/inner/.config/x.md": "hidden folder\n",
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    const imported = await importSkills(owner.token, root);
    expect(imported.status).toBe(201);
    const stored = await db.companySkill.findMany({ where: { companyId: company.id, key: { in: ["root-skill", "inner-skill"] } }, orderBy: { key: "asc" } });
    expect(stored.map((skill) => [skill.key, Object.keys(skill.files as object).sort()])).toEqual([
      ["inner-skill", ["helper.py"]],
      ["root-skill", ["notes.md", "references/api.md", "scripts/check.sh"]],
    ]);
  });

  it("turns unreadable entries and a SKILL.md with NUL bytes or bad UTF-8 into warnings, never a 500", async () => {
    const root = skillTree(["readable", "nul-skill", "latin-skill"]);
    writeFileSync(path.join(root, "skills", "nul-skill", "SKILL.md"), `${skillMarkdown("nul-skill")}\0`);
    writeFileSync(path.join(root, "skills", "latin-skill", "SKILL.md"), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0xff, 0x0a]));
    // Names that are not UTF-8 come back from readdir with U+FFFD, so reading them by that name fails (ENOENT) even
    // as root, where chmod 000 would not stop a read: a folder and a file that cannot be opened.
    const folder = Buffer.from(path.join(root, "skills", "readable"));
    mkdirSync(Buffer.concat([folder, Buffer.from("/"), Buffer.from([0xff])]));
    writeFileSync(Buffer.concat([folder, Buffer.from("/"), Buffer.from([0xfe]), Buffer.from(".md")]), "x");
    mkdirSync(Buffer.concat([Buffer.from(root), Buffer.from("/"), Buffer.from([0xfd])]));
    const imported = await importSkills(owner.token, root);
    expect(imported.status).toBe(201);
    expect(names(imported.json.imported)).toEqual(["readable"]);
    const warnings: string[] = imported.json.warnings;
    expect(warnings.filter((warning) => warning.includes("cannot be read"))).toHaveLength(3);
    expect(warnings.filter((warning) => warning.includes("SKILL.md (skill skipped): left out, not text"))).toHaveLength(2);
    const readable = await db.companySkill.findUniqueOrThrow({ where: { companyId_key: { companyId: company.id, key: "readable" } } });
    expect(readable.files).toEqual({ "references/notes.md": "Notes for readable\n" });
  });

  it("imports of the same new skills at once succeed (or are 409), never 500, and leave one skill per key", async () => {
    // Three imports of twelve skills make the insert race (both find a key missing) happen on every run.
    const keys = Array.from({ length: 12 }, (_, index) => `race-${index}`);
    const root = skillTree(keys);
    const results = await Promise.all([importSkills(owner.token, root), importSkills(owner.token, root), importSkills(owner.token, root)]);
    for (const result of results) expect([201, 409]).toContain(result.status);
    expect(results.some((result) => result.status === 201)).toBe(true);
    expect(await db.companySkill.count({ where: { companyId: company.id, key: { in: keys } } })).toBe(keys.length);
  });

  it("refuses scp-style and ssh:// sources whose user or host starts with '-' before git ever runs (422)", async () => {
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), "switchboard-marker-")), "ran");
    for (const source of [
      "-oProxyCommand@evil:x",
      `git@-oProxyCommand=touch%20${marker}:x`,
      `ssh://-oProxyCommand=touch%20${marker}/x`,
      `ssh://git@-oProxyCommand=touch%20${marker}/x`,
      `--upload-pack=touch ${marker}`,
    ]) {
      const refused = await importSkills(owner.token, source);
      expect([refused.status, refused.json.invalid_params[0].name]).toEqual([422, "source"]);
      // "git clone failed" would mean git ran with it.
      expect(refused.json.detail).toBe("source: Give an absolute folder path or a git URL");
    }
    expect(existsSync(marker)).toBe(false);
  });
});

describe("desiredSkills and instructionsBundle on agent create, hire and update", () => {
  const createAgent = (token: string, body: unknown) =>
    callRoute(companyAgentsRoute.POST, "POST", `/api/companies/${company.id}/agents`, { token, params: { companyId: company.id }, body });
  const hire = (token: string, body: unknown) =>
    callRoute(agentHiresRoute.POST, "POST", `/api/companies/${company.id}/agent-hires`, { token, params: { companyId: company.id }, body });
  const patchAgent = (agentId: string, token: string, body: unknown) =>
    callRoute(agentRoute.PATCH, "PATCH", `/api/agents/${agentId}`, { token, params: { id: agentId }, body });
  const chosen = async (agentId: string) => (await db.agentSkill.findMany({ where: { agentId }, include: { skill: true } })).map((row) => row.skill.key).sort();
  const instructionFiles = async (agentId: string) =>
    Object.fromEntries((await db.agentInstructionFile.findMany({ where: { agentId } })).map((file) => [file.path, file.content]));
  let skillId: string;

  beforeAll(async () => {
    skillId = (await createSkill(owner.token, { markdown: skillMarkdown("hire-kit") })).json.id;
    await createSkill(owner.token, { markdown: skillMarkdown("hire-extra") });
  });

  it("POST /api/companies/:companyId/agents stores both with the agent (Paperclip's {key, versionId} too), nothing named as ignored", async () => {
    const created = await createAgent(operator.token, {
      name: "Skilled",
      desiredSkills: ["hire-kit", { key: "switchboard", versionId: null }],
      instructionsBundle: { entryFile: "AGENTS.md", files: { "AGENTS.md": "Be brief.", "notes/style.md": "Short lines." } },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-switchboard-ignored-fields")).toBeNull();
    expect(await chosen(created.json.id)).toEqual(["hire-kit"]);
    expect(await instructionFiles(created.json.id)).toEqual({ "AGENTS.md": "Be brief.", "notes/style.md": "Short lines." });
  });

  it("POST /api/companies/:companyId/agents — unknown skills and bad instruction paths are 422 by name, and no agent is left", async () => {
    const unknown = await createAgent(operator.token, { name: "Unskilled", desiredSkills: ["hire-kit", "no-such-skill"] });
    expect([unknown.status, unknown.json.code, unknown.json.invalid_params.map((param: { name: string }) => param.name)]).toEqual([
      422,
      "unknown_skill_refs",
      ["desiredSkills.1"],
    ]);
    const badPath = await createAgent(operator.token, { name: "Unskilled", instructionsBundle: { files: { "../escape.md": "x", "run.sh": "x" } } });
    expect([badPath.status, badPath.json.code, badPath.json.invalid_params.map((param: { name: string }) => param.name)]).toEqual([
      422,
      "invalid_field",
      ["instructionsBundle.files.../escape.md", "instructionsBundle.files.run.sh"],
    ]);
    const entry = await createAgent(operator.token, { name: "Unskilled", instructionsBundle: { entryFile: "README.md", files: {} } });
    expect(entry.status).toBe(400);
    expect(await db.agent.count({ where: { companyId: company.id, name: "Unskilled" } })).toBe(0);
  });

  it("POST /api/companies/:companyId/agent-hires stores both with the pending hire", async () => {
    const hired = await hire(operator.token, { name: "Hired", desiredSkills: [skillId], instructionsBundle: { files: { "AGENTS.md": "Hello." } } });
    expect(hired.status).toBe(201);
    expect(await chosen(hired.json.agent.id)).toEqual(["hire-kit"]);
    expect(await instructionFiles(hired.json.agent.id)).toEqual({ "AGENTS.md": "Hello." });
  });

  it("PATCH /api/agents/:id replaces both, for the board and the agent itself; another agent 403, unknown skills 422 and nothing changes", async () => {
    const self = await seedAgent(company.id);
    const byBoard = await patchAgent(self.agent.id, operator.token, {
      desiredSkills: ["hire-kit", "hire-extra"],
      instructionsBundle: { files: { "AGENTS.md": "One.", "b.md": "Two." } },
    });
    expect(byBoard.status).toBe(200);
    expect([await chosen(self.agent.id), await instructionFiles(self.agent.id)]).toEqual([["hire-extra", "hire-kit"], { "AGENTS.md": "One.", "b.md": "Two." }]);
    const byItself = await patchAgent(self.agent.id, self.token, { desiredSkills: ["hire-extra"], instructionsBundle: { files: { "AGENTS.md": "Mine." } } });
    expect(byItself.status).toBe(200);
    expect([await chosen(self.agent.id), await instructionFiles(self.agent.id)]).toEqual([["hire-extra"], { "AGENTS.md": "Mine." }]);
    expect((await patchAgent(self.agent.id, bob.token, { desiredSkills: [] })).status).toBe(403);
    expect((await patchAgent(self.agent.id, viewer.token, { instructionsBundle: { files: {} } })).status).toBe(403);
    const unknown = await patchAgent(self.agent.id, operator.token, { title: "Changed", desiredSkills: ["nope"], instructionsBundle: { files: {} } });
    expect([unknown.status, unknown.json.invalid_params[0].name]).toEqual([422, "desiredSkills.0"]);
    const after = await db.agent.findUniqueOrThrow({ where: { id: self.agent.id } });
    expect([after.title, await chosen(self.agent.id), await instructionFiles(self.agent.id)]).toEqual([null, ["hire-extra"], { "AGENTS.md": "Mine." }]);
  });
});
