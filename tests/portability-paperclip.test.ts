import { describe, expect, it } from "vitest";
import * as importApplyRoute from "@/app/api/companies/[companyId]/imports/apply/route";
import * as importPreviewRoute from "@/app/api/companies/[companyId]/imports/preview/route";
import { db } from "@/lib/db/client";
import { verifyWebhookSignature } from "@/lib/routines/webhook";
import { callRoute, seedCompany, seedUser } from "./support/fixtures";

const previewImport = (companyId: string, token: string, body: unknown) =>
  callRoute(importPreviewRoute.POST, "POST", `/api/companies/${companyId}/imports/preview`, { token, params: { companyId }, body });
const applyImport = (companyId: string, token: string, body: unknown) =>
  callRoute(importApplyRoute.POST, "POST", `/api/companies/${companyId}/imports/apply`, { token, params: { companyId }, body });

/**
 * A company as Paperclip's POST /api/companies/:id/exports answers it: a manifest naming every agent, skill, project
 * and task by slug, and the package's files (markdown with YAML front matter, .paperclip.yaml, binary files as base64).
 * Written for this test from Paperclip's documented shapes.
 */
function paperclipExport() {
  return {
    rootPath: "acme-robotics",
    paperclipExtensionPath: ".paperclip.yaml",
    warnings: ["Agent ceo uses a secret reference; it was exported as an env input"],
    manifest: {
      schemaVersion: 3,
      generatedAt: "2026-11-20T10:00:00.000Z",
      source: { companyId: "6f1c1b1e-3d2a-4c5b-9e8f-0a1b2c3d4e5f", companyName: "Acme Robotics" },
      includes: { company: true, agents: true, projects: true, issues: true, skills: true },
      company: {
        path: "COMPANY.md",
        name: "Acme Robotics",
        description: "We build robots.",
        brandColor: "#3366ff",
        logoPath: null,
        requireBoardApprovalForNewAgents: true,
      },
      sidebar: { agents: ["ceo", "engineer"], projects: ["firmware"] },
      agents: [
        {
          slug: "ceo",
          name: "CEO",
          path: "agents/ceo/AGENTS.md",
          skills: [],
          role: "ceo",
          title: "Chief Executive",
          icon: "crown",
          capabilities: "Plans the company's work",
          reportsToSlug: null,
          adapterType: "claude_local",
          adapterConfig: { model: "opus", env: { ANTHROPIC_API_KEY: "sk-ant-0123456789abcdefghijklmnopqrstuv" } },
          runtimeConfig: { heartbeat: { enabled: true, intervalSec: 3600 } },
          permissions: { canCreateAgents: true },
          budgetMonthlyCents: 5000,
          metadata: null,
        },
        {
          slug: "engineer",
          name: "Engineer",
          path: "agents/engineer/AGENTS.md",
          skills: ["company/ACME/code-review"],
          role: "engineer",
          title: "Firmware engineer",
          icon: null,
          capabilities: null,
          reportsToSlug: "ceo",
          adapterType: "opencode_local",
          adapterConfig: { model: "gpt-5" },
          runtimeConfig: {},
          permissions: {},
          budgetMonthlyCents: 0,
          metadata: { team: "firmware" },
        },
      ],
      skills: [
        {
          key: "company/ACME/code-review",
          slug: "code-review",
          name: "Code review",
          path: "skills/company/ACME/code-review/SKILL.md",
          description: "How we review changes",
          sourceType: "local_path",
          sourceLocator: null,
          sourceRef: null,
          trustLevel: null,
          compatibility: null,
          metadata: null,
          fileInventory: [{ path: "SKILL.md", kind: "skill" }],
        },
      ],
      projects: [
        {
          slug: "firmware",
          name: "Firmware",
          path: "projects/firmware/PROJECT.md",
          description: null,
          ownerAgentSlug: null,
          leadAgentSlug: "engineer",
          targetDate: "2027-01-31",
          color: "#22aa88",
          status: "in_progress",
          executionWorkspacePolicy: null,
          workspaces: [
            {
              key: "main",
              name: "main",
              sourceType: "git_repo",
              repoUrl: "https://git.example.test/acme/firmware.git",
              repoRef: "main",
              defaultRef: "main",
              visibility: "default",
              setupCommand: null,
              cleanupCommand: null,
              metadata: null,
              isPrimary: true,
            },
          ],
          metadata: null,
        },
      ],
      issues: [
        {
          slug: "fix-motor-driver",
          identifier: "ACM-7",
          title: "Fix the motor driver",
          path: "tasks/fix-motor-driver/TASK.md",
          projectSlug: "firmware",
          projectWorkspaceKey: "main",
          assigneeAgentSlug: "engineer",
          description: null,
          recurring: false,
          routine: null,
          legacyRecurrence: null,
          status: "in_progress",
          priority: "high",
          labelIds: ["0b0e0f0a-1111-4222-8333-944445555666"],
          billingCode: "HW-1",
          executionWorkspaceSettings: null,
          assigneeAdapterOverrides: null,
          comments: [
            {
              body: "Started on it",
              authorType: "agent",
              authorAgentSlug: "engineer",
              authorUserId: null,
              presentation: null,
              metadata: null,
              createdAt: "2026-11-19T08:00:00.000Z",
            },
            {
              body: "Thanks!",
              authorType: "user",
              authorAgentSlug: null,
              authorUserId: "user-1",
              presentation: null,
              metadata: null,
              createdAt: "2026-11-19T09:00:00.000Z",
            },
          ],
          metadata: null,
        },
        {
          slug: "weekly-report",
          identifier: null,
          title: "Weekly report",
          path: "tasks/weekly-report/TASK.md",
          projectSlug: null,
          projectWorkspaceKey: null,
          assigneeAgentSlug: "ceo",
          description: "Summarise the week",
          recurring: true,
          routine: {
            concurrencyPolicy: "coalesce_if_active",
            catchUpPolicy: "skip_missed",
            variables: [],
            triggers: [
              {
                kind: "schedule",
                label: "Mondays",
                enabled: true,
                cronExpression: "0 8 * * 1",
                timezone: "Europe/Berlin",
                signingMode: null,
                replayWindowSec: null,
              },
              { kind: "webhook", label: "CI", enabled: true, cronExpression: null, timezone: null, signingMode: "bearer", replayWindowSec: 300 },
            ],
          },
          legacyRecurrence: null,
          status: "todo",
          priority: "medium",
          labelIds: [],
          billingCode: null,
          executionWorkspaceSettings: null,
          assigneeAdapterOverrides: null,
          comments: [],
          metadata: null,
        },
      ],
      envInputs: [
        {
          key: "ANTHROPIC_API_KEY",
          description: null,
          agentSlug: "ceo",
          projectSlug: null,
          kind: "secret",
          requirement: "required",
          defaultValue: null,
          portability: "portable",
        },
      ],
    },
    files: {
      "COMPANY.md": "---\nname: Acme Robotics\ndescription: We build robots.\nschema: agentcompanies/v1\n---\n\nAcme builds warehouse robots.\n",
      "agents/ceo/AGENTS.md": "---\nname: CEO\ntitle: Chief Executive\nreportsTo: null\n---\n\nYou run Acme. Delegate firmware work.\n",
      "agents/ceo/HEARTBEAT.md": "Check the board every hour.\n",
      "agents/engineer/AGENTS.md": "---\nname: Engineer\nreportsTo: ceo\nskills:\n  - company/ACME/code-review\n---\n\nYou write firmware in C.\n",
      "skills/company/ACME/code-review/SKILL.md": "---\nname: Code review\ndescription: How we review changes\n---\n\n# Code review\nRead every line.\n",
      "skills/company/ACME/code-review/checklist.md": "- tests pass\n",
      "projects/firmware/PROJECT.md": "---\nname: Firmware\n---\n\nEverything that runs on the robots.\n",
      "tasks/fix-motor-driver/TASK.md": "---\nname: Fix the motor driver\nassignee: engineer\nproject: firmware\n---\n\nThe driver stalls under load.\n",
      "tasks/weekly-report/TASK.md": "---\nname: Weekly report\nassignee: ceo\nrecurring: true\n---\n\nSummarise the week\n",
      ".paperclip.yaml": "schema: paperclip/v1\nagents:\n  ceo:\n    adapter:\n      type: claude_local\n",
      "images/org-chart.png": { encoding: "base64", data: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString("base64"), contentType: "image/png" },
      "README.md": "# Acme Robotics\n",
    },
  };
}

describe("importing Paperclip's company export", () => {
  it("maps company, agents with instructions, skills, projects, tasks with comments and recurring tasks as routines, and warns about the rest", async () => {
    const home = await seedCompany();
    const admin = await seedUser({ admin: true, memberships: { [home.id]: "owner" } });
    const body = { bundle: paperclipExport(), target: { mode: "new_company" } };

    const preview = await previewImport(home.id, admin.token, body);
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({
      format: "paperclip",
      target: { mode: "new_company", name: "Acme Robotics", issuePrefix: "ACM" },
      plan: { create: { agents: 2, skills: 1, projects: 1, issues: 1, comments: 2, routines: 1 }, alreadyImported: false },
    });
    const warnings: string[] = preview.json.warnings;
    for (const expected of ["ANTHROPIC_API_KEY", "opencode_local", "label ids", "sidebar", "Paperclip: Agent ceo uses a secret reference"]) {
      expect(warnings.some((warning) => warning.includes(expected))).toBe(true);
    }

    const applied = await applyImport(home.id, admin.token, body);
    expect(applied.status).toBe(200);
    const companyId = applied.json.companyId;
    expect(await db.company.findUniqueOrThrow({ where: { id: companyId } })).toMatchObject({
      name: "Acme Robotics",
      description: "We build robots.",
      requireBoardApprovalForNewAgents: true,
      issuePrefix: "ACM",
      issueCounter: 7,
    });
    const agents = await db.agent.findMany({
      where: { companyId },
      include: { instructionFiles: { orderBy: { path: "asc" } }, skills: true },
      orderBy: { name: "asc" },
    });
    const [ceo, engineer] = agents;
    expect(ceo).toMatchObject({ name: "CEO", urlKey: "ceo", role: "ceo", title: "Chief Executive", adapterType: "claude_local", budgetMonthlyCents: 5000 });
    expect(ceo.adapterConfig).toEqual({ model: "opus", env: {} });
    expect(ceo.instructionFiles.map((file) => [file.path, file.content])).toEqual([
      ["AGENTS.md", "\nYou run Acme. Delegate firmware work.\n"],
      ["HEARTBEAT.md", "Check the board every hour.\n"],
    ]);
    expect(engineer).toMatchObject({ reportsTo: ceo.id, adapterType: "claude_local", adapterConfig: {} });
    const skill = await db.companySkill.findFirstOrThrow({ where: { companyId } });
    expect(skill).toMatchObject({ key: "code-review", name: "Code review", files: { "checklist.md": "- tests pass\n" } });
    expect(engineer.skills.map((link) => link.skillId)).toEqual([skill.id]);

    const project = await db.project.findFirstOrThrow({ where: { companyId }, include: { workspaces: true } });
    expect(project).toMatchObject({ name: "Firmware", leadAgentId: engineer.id, description: "Everything that runs on the robots.", targetDate: "2027-01-31" });
    expect(project.workspaces).toEqual([expect.objectContaining({ repoUrl: "https://git.example.test/acme/firmware.git", isPrimary: true })]);

    const issue = await db.issue.findFirstOrThrow({ where: { companyId }, include: { comments: { orderBy: { createdAt: "asc" } } } });
    expect(issue).toMatchObject({
      identifier: "ACM-7",
      number: 7,
      title: "Fix the motor driver",
      description: "The driver stalls under load.",
      status: "in_progress",
      priority: "high",
      projectId: project.id,
      assigneeAgentId: engineer.id,
      billingCode: "HW-1",
    });
    expect(issue.comments.map((comment) => [comment.body, comment.authorAgentId])).toEqual([
      ["Started on it", engineer.id],
      ["Thanks!", null],
    ]);

    const routine = await db.routine.findFirstOrThrow({ where: { companyId }, include: { triggers: { orderBy: { kind: "asc" } } } });
    expect(routine).toMatchObject({ title: "Weekly report", assigneeAgentId: ceo.id, concurrencyPolicy: "coalesce_if_active" });
    expect(routine.triggers.map((trigger) => [trigger.kind, trigger.cronExpression, trigger.signingMode])).toEqual([
      ["schedule", "0 8 * * 1", null],
      ["webhook", null, "bearer"],
    ]);
    expect(applied.json.webhookSecrets).toEqual([expect.objectContaining({ triggerId: routine.triggers[1].id, signingMode: "bearer" })]);
    // The secret handed back is the one the public fire route checks.
    const [webhook] = applied.json.webhookSecrets;
    expect(webhook.webhookUrl).toMatch(new RegExp(`/api/routine-triggers/public/${routine.triggers[1].publicId}/fire$`));
    expect(verifyWebhookSignature(routine.triggers[1], new Headers({ authorization: `Bearer ${webhook.secret}` }), "{}")).toBe(true);
    expect(verifyWebhookSignature(routine.triggers[1], new Headers({ authorization: "Bearer whsec_wrong" }), "{}")).toBe(false);

    const again = await applyImport(home.id, admin.token, body);
    expect(again.json.companyId).toBe(companyId);
    expect(Object.values(again.json.created).every((count) => count === 0)).toBe(true);
  });

  it("takes Paperclip's own import request shape: an inline source of files without a manifest, and a target naming the new company", async () => {
    const home = await seedCompany();
    const admin = await seedUser({ admin: true, memberships: { [home.id]: "owner" } });
    const { files } = paperclipExport();
    const res = await applyImport(home.id, admin.token, {
      source: { type: "inline", rootPath: "acme-robotics", files },
      target: { mode: "new_company", newCompanyName: "Acme Two" },
      include: { company: true, agents: true },
      collisionStrategy: "rename",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-ignored-fields")).toContain("collisionStrategy");
    const company = await db.company.findUniqueOrThrow({ where: { id: res.json.companyId } });
    expect(company).toMatchObject({ name: "Acme Two", description: "We build robots." });
    const agents = await db.agent.findMany({ where: { companyId: company.id }, orderBy: { name: "asc" } });
    expect(agents.map((agent) => agent.name)).toEqual(["CEO", "Engineer"]);
    expect(agents[1].reportsTo).toBe(agents[0].id);
    expect(await db.issue.count({ where: { companyId: company.id } })).toBe(1);
    expect(await db.routine.count({ where: { companyId: company.id } })).toBe(1);
  });
});
