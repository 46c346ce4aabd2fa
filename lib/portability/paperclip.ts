import "server-only";
import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { ADAPTER_CONFIG_SCHEMAS } from "../adapters/config";
import { Unprocessable, zodIssuesToInvalidParams } from "../errors";
import { ISSUE_PRIORITIES, ISSUE_STATUSES } from "../schemas/values";
import { skillContentHash } from "../skills/bundled";
import { BUNDLE_FORMAT, BUNDLE_VERSION, companyBundleSchema, type CompanyBundle } from "./bundle";
import { scrubEnvSecrets } from "./secrets";
import { highest } from "./id-map";

// Paperclip's company export (POST /api/companies/:id/exports answers {rootPath, manifest, files, warnings,
// paperclipExtensionPath}) read into a Switchboard bundle. Paperclip names rows by slug and keeps their text in
// markdown files (COMPANY.md, agents/<slug>/AGENTS.md, projects/<slug>/PROJECT.md, tasks/<slug>/TASK.md,
// skills/<slug>/SKILL.md) with YAML front matter; the manifest, when sent, says which file is whose. What has no
// place here (sidebar order, env inputs, secrets, label ids, adapter overrides) is named in the warnings.

type Json = Record<string, unknown>;

const PRIORITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

const isRecord = (value: unknown): value is Json => !!value && typeof value === "object" && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const record = (value: unknown): Json => (isRecord(value) ? value : {});

/** A stable id for a slug, so converting one Paperclip export twice names its rows alike. */
function syntheticId(kind: string, key: string): string {
  const hex = createHash("sha256").update(`${kind}:${key}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function fileText(entry: unknown): string | null {
  if (typeof entry === "string") return entry;
  if (isRecord(entry) && entry.encoding === "base64" && typeof entry.data === "string") {
    const contentType = str(entry.contentType);
    if (contentType && !/^(text\/|application\/(json|yaml|x-yaml))/.test(contentType)) return null;
    return Buffer.from(entry.data, "base64").toString("utf8");
  }
  return null;
}

/** YAML front matter and the markdown after it. */
function frontMatter(markdown: string | null): { meta: Json; body: string } {
  if (!markdown) return { meta: {}, body: "" };
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(markdown);
  if (!match) return { meta: {}, body: markdown };
  try {
    const meta: unknown = parseYaml(match[1]);
    return { meta: isRecord(meta) ? meta : {}, body: markdown.slice(match[0].length) };
  } catch {
    return { meta: {}, body: markdown.slice(match[0].length) };
  }
}

const folderOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "");

/** Manifest entries for a kind, or, when no manifest came, one per entry file found under its folder. */
function entriesOf(manifest: Json | null, files: Json, keys: string[], folder: string, entryFile: string): Json[] {
  for (const key of keys) if (manifest && Array.isArray(manifest[key])) return records(manifest[key]);
  const pattern = new RegExp(`^(?:[^/]+/)?${folder}/(?:[^/]+/)*([^/]+)/${entryFile.replace(".", "\\.")}$`);
  return Object.keys(files)
    .map((path) => ({ path, match: pattern.exec(path) }))
    .filter((entry) => entry.match)
    .map(({ path, match }) => ({ ...frontMatter(fileText(files[path])).meta, slug: match![1], path }));
}

type Routine = CompanyBundle["routines"][number];

export function paperclipToBundle(raw: Json): { bundle: CompanyBundle; warnings: string[] } {
  const warnings: string[] = [];
  const files = record(raw.files);
  const manifest = isRecord(raw.manifest) ? raw.manifest : null;
  const now = new Date().toISOString();
  const text = (path: unknown) => (typeof path === "string" ? fileText(files[path]) : null);
  const sourceInfo = record(manifest?.source);
  const sourceCompanyId = str(sourceInfo.companyId) ?? syntheticId("company", str(raw.rootPath) ?? "paperclip");

  const companyFile = frontMatter(text(Object.keys(files).find((path) => /(^|\/)COMPANY\.md$/.test(path))));
  const companyEntry = { ...companyFile.meta, ...record(manifest?.company) };
  const companyName = str(companyEntry.name) ?? str(sourceInfo.companyName) ?? "Imported company";

  const skillKeys = new Set<string>();
  const skills = entriesOf(manifest, files, ["skills"], "skills", "SKILL.md").map((entry) => {
    // Paperclip keys may be namespaced ("company/ACME/review"); agents here see the folder name, Paperclip's slug.
    const paperclipKey = str(entry.key) ?? str(entry.slug) ?? "skill";
    const wantedKey = (str(entry.slug) ?? paperclipKey.split("/").pop()!)
      .toLowerCase()
      .replace(/[^a-z0-9._-]/g, "-")
      .slice(0, 64);
    // Namespaced Paperclip skills may share a slug; folder names here must differ.
    let key = wantedKey;
    for (let suffix = 2; skillKeys.has(key); suffix += 1) key = `${wantedKey.slice(0, 60)}-${suffix}`;
    skillKeys.add(key);
    const path = str(entry.path) ?? `skills/${key}/SKILL.md`;
    const markdown = text(path) ?? `# ${str(entry.name) ?? key}\n`;
    const folder = folderOf(path);
    const supporting: Record<string, string> = {};
    for (const filePath of Object.keys(files)) {
      if (!folder || !filePath.startsWith(folder) || filePath === path) continue;
      const content = fileText(files[filePath]);
      if (content === null) warnings.push(`Skill ${key}: ${filePath} is binary and was left out`);
      else supporting[filePath.slice(folder.length)] = content;
    }
    return {
      id: syntheticId("skill", key),
      key,
      name: str(entry.name) ?? key,
      description: str(entry.description),
      markdown,
      files: supporting,
      sourceType: "imported",
      sourceLocator: str(entry.sourceLocator),
      contentHash: skillContentHash(markdown, supporting),
      paperclipKey,
      createdAt: now,
      updatedAt: now,
    };
  });
  const skillIdByKey = new Map(skills.flatMap((skill) => [[skill.key, skill.id] as const, [skill.paperclipKey, skill.id] as const]));

  const agentEntries = entriesOf(manifest, files, ["agents"], "agents", "AGENTS.md");
  const agentIdBySlug = new Map(agentEntries.map((entry) => [str(entry.slug) ?? "", syntheticId("agent", str(entry.slug) ?? "")]));
  const agents = agentEntries.map((entry) => {
    const slug = str(entry.slug) ?? "agent";
    const name = str(entry.name) ?? slug;
    const path = str(entry.path) ?? `agents/${slug}/AGENTS.md`;
    const folder = folderOf(path);
    const instructionFiles = Object.keys(files)
      .filter((filePath) => folder && filePath.startsWith(folder))
      .flatMap((filePath) => {
        const content = fileText(files[filePath]);
        if (content === null) return [];
        return [{ path: filePath.slice(folder.length), content: filePath === path ? frontMatter(content).body : content }];
      });
    const requestedType = str(entry.adapterType) ?? "claude_local";
    const knownType = requestedType in ADAPTER_CONFIG_SCHEMAS ? (requestedType as keyof typeof ADAPTER_CONFIG_SCHEMAS) : null;
    const scrubbed = scrubEnvSecrets(record(entry.adapterConfig), `Agent ${name} adapterConfig`, warnings);
    const config = knownType ? ADAPTER_CONFIG_SCHEMAS[knownType].safeParse(scrubbed) : null;
    if (!knownType) warnings.push(`Agent ${name}: adapter ${requestedType} does not exist here; it imports as claude_local with default settings`);
    else if (!config?.success) warnings.push(`Agent ${name}: its ${requestedType} settings do not fit this server's and were reset to defaults`);
    const reportsToSlug = str(entry.reportsToSlug) ?? str(entry.reportsTo);
    const skillKeys = Array.isArray(entry.skills) ? entry.skills.filter((key): key is string => typeof key === "string") : [];
    const missingSkills = skillKeys.filter((key) => !skillIdByKey.has(key));
    if (missingSkills.length) warnings.push(`Agent ${name}: skills ${missingSkills.join(", ")} are not in the export and were not linked`);
    return {
      id: agentIdBySlug.get(slug)!,
      name,
      urlKey: slug.toLowerCase().replace(/[^a-z0-9-]/g, "-"),
      role: str(entry.role) ?? "general",
      title: str(entry.title),
      icon: str(entry.icon),
      status: "idle",
      reportsTo: reportsToSlug ? (agentIdBySlug.get(reportsToSlug) ?? null) : null,
      capabilities: str(entry.capabilities),
      adapterType: knownType ?? "claude_local",
      adapterConfig: config?.success ? (config.data as Json) : {},
      runtimeConfig: scrubEnvSecrets(record(entry.runtimeConfig), `Agent ${name} runtimeConfig`, warnings) as Json,
      permissions: record(entry.permissions),
      metadata: isRecord(entry.metadata) ? entry.metadata : null,
      budgetMonthlyCents: typeof entry.budgetMonthlyCents === "number" && entry.budgetMonthlyCents >= 0 ? Math.floor(entry.budgetMonthlyCents) : 0,
      instructionsPath: null,
      instructionFiles,
      skillIds: skillKeys.flatMap((key) => (skillIdByKey.has(key) ? [skillIdByKey.get(key)!] : [])),
      createdAt: now,
      updatedAt: now,
    };
  });
  const agentRef = (slug: unknown) => (str(slug) ? (agentIdBySlug.get(str(slug)!) ?? null) : null);

  const goalEntries = records(manifest?.goals);
  const goalIdByKey = new Map(
    goalEntries.map((entry) => [str(entry.key) ?? str(entry.slug) ?? "", syntheticId("goal", str(entry.key) ?? str(entry.slug) ?? "")]),
  );
  const goals = goalEntries.map((entry) => {
    const key = str(entry.key) ?? str(entry.slug) ?? "";
    return {
      id: goalIdByKey.get(key)!,
      title: str(entry.title) ?? key,
      description: str(entry.description),
      level: str(entry.level) ?? "task",
      status: str(entry.status) ?? "planned",
      parentId: str(entry.parentKey) ? (goalIdByKey.get(str(entry.parentKey)!) ?? null) : null,
      ownerAgentId: agentRef(entry.ownerAgentSlug),
      createdAt: now,
      updatedAt: now,
    };
  });

  const projectEntries = entriesOf(manifest, files, ["projects"], "projects", "PROJECT.md");
  const projectIdBySlug = new Map(projectEntries.map((entry) => [str(entry.slug) ?? "", syntheticId("project", str(entry.slug) ?? "")]));
  const projects = projectEntries.map((entry) => {
    const slug = str(entry.slug) ?? "project";
    const body = frontMatter(text(entry.path)).body.trim();
    return {
      id: projectIdBySlug.get(slug)!,
      name: str(entry.name) ?? slug,
      urlKey: slug.toLowerCase().replace(/[^a-z0-9-]/g, "-"),
      description: str(entry.description) ?? (body || null),
      status: str(entry.status) ?? "backlog",
      leadAgentId: agentRef(entry.leadAgentSlug) ?? agentRef(entry.ownerAgentSlug),
      targetDate: str(entry.targetDate),
      color: str(entry.color),
      icon: null,
      env: null,
      executionWorkspacePolicy: isRecord(entry.executionWorkspacePolicy) ? entry.executionWorkspacePolicy : null,
      archivedAt: null,
      goals: [],
      workspaces: records(entry.workspaces).map((workspace, index) => ({
        id: syntheticId("workspace", `${slug}/${str(workspace.key) ?? index}`),
        name: str(workspace.name) ?? str(workspace.key) ?? `Workspace ${index + 1}`,
        sourceType: str(workspace.sourceType) ?? (str(workspace.repoUrl) ? "git_repo" : "local_path"),
        cwd: null,
        repoUrl: str(workspace.repoUrl),
        repoRef: str(workspace.repoRef),
        defaultRef: str(workspace.defaultRef),
        visibility: str(workspace.visibility) ?? "default",
        setupCommand: str(workspace.setupCommand),
        cleanupCommand: str(workspace.cleanupCommand),
        remoteProvider: null,
        remoteWorkspaceRef: null,
        sharedWorkspaceKey: null,
        metadata: isRecord(workspace.metadata) ? workspace.metadata : null,
        runtimeConfig: null,
        isPrimary: workspace.isPrimary === true,
        createdAt: now,
        updatedAt: now,
      })),
      createdAt: now,
      updatedAt: now,
    };
  });

  const issueEntries = entriesOf(manifest, files, ["issues", "tasks"], "tasks", "TASK.md");
  const numbered = new Set<number>();
  const wantedNumber = (identifier: string | null) => {
    const number = identifier ? Number(/-(\d+)$/.exec(identifier)?.[1]) : NaN;
    if (!Number.isInteger(number) || number < 1 || numbered.has(number)) return null;
    numbered.add(number);
    return number;
  };
  const issueNumbers = issueEntries.map((entry) => wantedNumber(str(entry.identifier)));
  let nextNumber = highest(numbered);
  const comments: CompanyBundle["comments"] = [];
  const routines: CompanyBundle["routines"] = [];
  const issues = issueEntries.flatMap((entry, index) => {
    const slug = str(entry.slug) ?? `task-${index + 1}`;
    const title = str(entry.title) ?? str(entry.name) ?? slug;
    const description = str(entry.description) ?? (frontMatter(text(entry.path)).body.trim() || null);
    const projectSlug = str(entry.projectSlug) ?? str(entry.project);
    const projectId = projectSlug ? (projectIdBySlug.get(projectSlug) ?? null) : null;
    const assigneeAgentId = agentRef(entry.assigneeAgentSlug ?? entry.assignee);
    if (Array.isArray(entry.labelIds) && entry.labelIds.length) warnings.push(`Task ${slug}: Paperclip label ids cannot be matched here and were left out`);
    if (isRecord(entry.assigneeAdapterOverrides)) warnings.push(`Task ${slug}: assignee adapter overrides have no place here and were left out`);
    if (entry.recurring === true || isRecord(entry.routine)) {
      const routine = record(entry.routine);
      const routineId = syntheticId("routine", slug);
      routines.push({
        id: routineId,
        projectId,
        goalId: null,
        parentIssueId: null,
        title,
        description,
        assigneeAgentId,
        // Unchecked here: decodeImportSource validates the converted bundle with the bundle schema, naming bad values.
        priority: (ISSUE_PRIORITIES.includes(entry.priority as never) ? entry.priority : "medium") as Routine["priority"],
        status: "active",
        concurrencyPolicy: (str(routine.concurrencyPolicy) ?? "skip_if_active") as Routine["concurrencyPolicy"],
        catchUpPolicy: (str(routine.catchUpPolicy) ?? "skip_missed") as Routine["catchUpPolicy"],
        variables: (Array.isArray(routine.variables) ? routine.variables : []) as Routine["variables"],
        createdByAgentId: null,
        createdByUserId: null,
        triggers: records(routine.triggers).flatMap((trigger, triggerIndex) => {
          const kind = str(trigger.kind);
          if (kind !== "schedule" && kind !== "webhook" && kind !== "api") {
            warnings.push(`Routine ${title}: trigger kind ${kind ?? "(none)"} does not exist here and was left out`);
            return [];
          }
          return [
            {
              id: syntheticId("trigger", `${slug}/${triggerIndex}`),
              kind,
              label: str(trigger.label),
              enabled: trigger.enabled !== false,
              cronExpression: str(trigger.cronExpression),
              timezone: str(trigger.timezone),
              signingMode: str(trigger.signingMode) as Routine["triggers"][number]["signingMode"],
              replayWindowSec: typeof trigger.replayWindowSec === "number" ? Math.floor(trigger.replayWindowSec) : null,
              createdAt: now,
            },
          ];
        }),
        createdAt: now,
        updatedAt: now,
      });
      return [];
    }
    const id = syntheticId("issue", slug);
    const number = issueNumbers[index] ?? ++nextNumber;
    const status = ISSUE_STATUSES.includes(entry.status as never) ? (entry.status as string) : "backlog";
    if (str(entry.status) && status !== entry.status) warnings.push(`Task ${slug}: status ${String(entry.status)} does not exist here; imported as backlog`);
    const priority = ISSUE_PRIORITIES.includes(entry.priority as never) ? (entry.priority as string) : "medium";
    records(entry.comments).forEach((comment, commentIndex) => {
      const body = str(comment.body);
      if (!body) return;
      const createdAt = str(comment.createdAt) && !Number.isNaN(Date.parse(str(comment.createdAt)!)) ? new Date(str(comment.createdAt)!).toISOString() : now;
      comments.push({
        id: syntheticId("comment", `${slug}/${commentIndex}`),
        issueId: id,
        body,
        authorAgentId: agentRef(comment.authorAgentSlug),
        authorUserId: null,
        mentionedAgentIds: [],
        createdAt,
        updatedAt: createdAt,
      });
    });
    return [
      {
        id,
        number,
        identifier: str(entry.identifier) ?? `${slug}`,
        title,
        description,
        status,
        priority,
        priorityRank: PRIORITY_RANK[priority] ?? 2,
        assigneeAgentId,
        assigneeUserId: null,
        createdByAgentId: null,
        createdByUserId: null,
        parentId: null,
        projectId,
        goalId: null,
        billingCode: str(entry.billingCode),
        workMode: "standard",
        requestDepth: 0,
        idempotencyKey: null,
        hiddenAt: null,
        inheritExecutionWorkspaceFromIssueId: null,
        executionWorkspacePreference: null,
        executionWorkspaceSettings: isRecord(entry.executionWorkspaceSettings) ? entry.executionWorkspaceSettings : null,
        startedAt: null,
        completedAt: null,
        cancelledAt: null,
        executionPolicy: null,
        executionState: null,
        workflowState: null,
        phase: null,
        timeActualMs: 0,
        stateTimeMs: {},
        stateEnteredAt: null,
        blocking: null,
        originKind: "manual",
        originId: null,
        labelIds: [],
        blockedByIssueIds: [],
        createdAt: now,
        updatedAt: now,
      },
    ];
  });

  for (const key of ["sidebar", "envInputs", "secrets"] as const) {
    const value = manifest?.[key];
    if (Array.isArray(value) ? value.length : isRecord(value)) warnings.push(`Paperclip ${key} has no place here and was left out`);
  }
  for (const input of records(manifest?.envInputs)) {
    if (input.kind === "secret")
      warnings.push(
        `Paperclip expects secret ${String(input.key)}${str(input.agentSlug) ? ` for agent ${String(input.agentSlug)}` : ""}: set it in the agent's adapter env after importing`,
      );
  }
  for (const warning of Array.isArray(raw.warnings) ? raw.warnings : []) if (typeof warning === "string") warnings.push(`Paperclip: ${warning}`);

  const identifierPrefix = issueEntries.map((entry) => /^([A-Z][A-Z0-9]{1,9})-\d+$/.exec(str(entry.identifier) ?? "")?.[1]).find(Boolean);
  const prefix =
    identifierPrefix ??
    (
      companyName
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "")
        .replace(/^[0-9]+/, "") || "PC"
    )
      .slice(0, 4)
      .padEnd(2, "X");
  const parsed = companyBundleSchema.safeParse({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt:
      str(manifest?.generatedAt) && !Number.isNaN(Date.parse(str(manifest?.generatedAt)!)) ? new Date(str(manifest?.generatedAt)!).toISOString() : now,
    source: { companyId: sourceCompanyId, name: companyName, issuePrefix: prefix },
    company: {
      name: companyName,
      description: str(companyEntry.description) ?? (companyFile.body.trim() || null),
      status: "active",
      budgetMonthlyCents: 0,
      requireBoardApprovalForNewAgents: companyEntry.requireBoardApprovalForNewAgents === true,
      defaultResponsibleUserId: null,
      settings: {},
      createdAt: now,
    },
    members: [],
    skills,
    agents,
    goals,
    projects,
    labels: [],
    workflows: [],
    issues,
    comments,
    documents: [],
    attachments: [],
    interactions: [],
    approvals: [],
    executionDecisions: [],
    routines,
    warnings: [],
  });
  if (!parsed.success) throw Unprocessable.fields(zodIssuesToInvalidParams("bundle", parsed.error), "invalid_bundle");
  return { bundle: parsed.data, warnings };
}
