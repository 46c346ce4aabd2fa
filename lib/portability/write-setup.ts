import "server-only";
import { INVITATION_LIFETIME_MS } from "../users/invitations";
import { dateOrNull as date, parentsFirst, type WriteContext } from "./id-map";

// The company and its configuration, written from a bundle: members (or invitations), skills, agents with their
// instruction files and skill links, goals, projects with workspaces, labels and workflows.

export async function writeSetup({ tx, bundle, plan, ids, companyId, actorUserId, created, now }: WriteContext): Promise<void> {
  const { ref, json, nullableJson, isNew } = ids;
  if (!plan.companyId) {
    await tx.company.create({
      data: {
        id: companyId,
        name: plan.name,
        description: bundle.company.description,
        status: bundle.company.status,
        issuePrefix: plan.issuePrefix,
        budgetMonthlyCents: bundle.company.budgetMonthlyCents,
        requireBoardApprovalForNewAgents: bundle.company.requireBoardApprovalForNewAgents,
        settings: json(bundle.company.settings),
        createdAt: new Date(bundle.company.createdAt),
      },
    });
    if (actorUserId) await tx.companyMembership.create({ data: { companyId, userId: actorUserId, role: "owner" } });
  }
  const members = await tx.companyMembership.findMany({ where: { companyId }, select: { userId: true } });
  const memberIds = new Set(members.map((member) => member.userId));
  const newMembers = bundle.members.flatMap((member) => {
    const userId = plan.users.get(member.userId);
    if (!userId || memberIds.has(userId)) return [];
    memberIds.add(userId);
    return [{ companyId, userId, role: member.role }];
  });
  created.members = (await tx.companyMembership.createMany({ data: newMembers })).count;
  if (plan.invitations.length) {
    const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
    created.members += (
      await tx.companyInvitation.createMany({
        data: plan.invitations.map((invitation) => ({ companyId, email: invitation.email, role: invitation.role, invitedByUserId: actorUserId, expiresAt })),
        skipDuplicates: true,
      })
    ).count;
  }
  if (!plan.companyId) {
    const responsible = ref(bundle.company.defaultResponsibleUserId);
    if (responsible && memberIds.has(responsible)) await tx.company.update({ where: { id: companyId }, data: { defaultResponsibleUserId: responsible } });
  }

  const skills = bundle.skills.filter((skill) => isNew(skill.id));
  created.skills = (
    await tx.companySkill.createMany({
      data: skills.map((skill) => ({
        id: ref(skill.id)!,
        companyId,
        key: skill.key,
        name: skill.name,
        description: skill.description,
        markdown: skill.markdown,
        files: skill.files,
        sourceType: skill.sourceType,
        sourceLocator: skill.sourceLocator,
        contentHash: skill.contentHash,
        createdAt: new Date(skill.createdAt),
        updatedAt: new Date(skill.updatedAt),
      })),
    })
  ).count;

  const agents = bundle.agents.filter((agent) => isNew(agent.id));
  created.agents = (
    await tx.agent.createMany({
      data: agents.map((agent) => ({
        id: ref(agent.id)!,
        companyId,
        name: agent.name,
        urlKey: agent.urlKey,
        role: agent.role,
        title: agent.title,
        icon: agent.icon,
        // A run in flight at export does not travel; the agent starts idle.
        status: agent.status === "running" ? "idle" : agent.status,
        reportsTo: ref(agent.reportsTo),
        capabilities: agent.capabilities,
        adapterType: agent.adapterType,
        adapterConfig: json(agent.adapterConfig),
        runtimeConfig: json(agent.runtimeConfig),
        permissions: json(agent.permissions),
        metadata: nullableJson(agent.metadata),
        budgetMonthlyCents: agent.budgetMonthlyCents,
        instructionsPath: agent.instructionsPath,
        createdAt: new Date(agent.createdAt),
        updatedAt: new Date(agent.updatedAt),
      })),
    })
  ).count;
  await tx.agentInstructionFile.createMany({
    data: agents.flatMap((agent) => agent.instructionFiles.map((file) => ({ agentId: ref(agent.id)!, companyId, path: file.path, content: file.content }))),
  });
  await tx.agentSkill.createMany({
    data: agents.flatMap((agent) =>
      agent.skillIds.flatMap((skillId) => (ref(skillId) ? [{ agentId: ref(agent.id)!, skillId: ref(skillId)!, companyId }] : [])),
    ),
    skipDuplicates: true,
  });

  created.goals = (
    await tx.goal.createMany({
      data: parentsFirst(bundle.goals, (goal) => goal.parentId).map((goal) => ({
        id: ref(goal.id)!,
        companyId,
        title: goal.title,
        description: goal.description,
        level: goal.level,
        status: goal.status,
        parentId: ref(goal.parentId),
        ownerAgentId: ref(goal.ownerAgentId),
        createdAt: new Date(goal.createdAt),
        updatedAt: new Date(goal.updatedAt),
      })),
    })
  ).count;

  const projects = bundle.projects.filter((project) => isNew(project.id));
  created.projects = (
    await tx.project.createMany({
      data: projects.map((project) => ({
        id: ref(project.id)!,
        companyId,
        name: project.name,
        urlKey: project.urlKey,
        description: project.description,
        status: project.status,
        leadAgentId: ref(project.leadAgentId),
        targetDate: project.targetDate,
        color: project.color,
        icon: project.icon,
        env: nullableJson(project.env),
        executionWorkspacePolicy: nullableJson(project.executionWorkspacePolicy),
        archivedAt: date(project.archivedAt),
        createdAt: new Date(project.createdAt),
        updatedAt: new Date(project.updatedAt),
      })),
    })
  ).count;
  await tx.projectGoal.createMany({
    data: projects.flatMap((project) =>
      project.goals.flatMap((link) => (ref(link.goalId) ? [{ projectId: ref(project.id)!, goalId: ref(link.goalId)!, position: link.position }] : [])),
    ),
    skipDuplicates: true,
  });
  await tx.projectWorkspace.createMany({
    data: projects.flatMap((project) =>
      project.workspaces.map((workspace) => ({
        id: ref(workspace.id)!,
        companyId,
        projectId: ref(project.id)!,
        name: workspace.name,
        sourceType: workspace.sourceType,
        cwd: workspace.cwd,
        repoUrl: workspace.repoUrl,
        repoRef: workspace.repoRef,
        defaultRef: workspace.defaultRef,
        visibility: workspace.visibility,
        setupCommand: workspace.setupCommand,
        cleanupCommand: workspace.cleanupCommand,
        remoteProvider: workspace.remoteProvider,
        remoteWorkspaceRef: workspace.remoteWorkspaceRef,
        sharedWorkspaceKey: workspace.sharedWorkspaceKey,
        metadata: nullableJson(workspace.metadata),
        runtimeConfig: nullableJson(workspace.runtimeConfig),
        isPrimary: workspace.isPrimary,
        createdAt: new Date(workspace.createdAt),
        updatedAt: new Date(workspace.updatedAt),
      })),
    ),
  });
  const labels = bundle.labels.filter((label) => isNew(label.id));
  created.labels = (
    await tx.label.createMany({
      data: labels.map((label) => ({ id: ref(label.id)!, companyId, name: label.name, color: label.color, createdAt: new Date(label.createdAt) })),
    })
  ).count;

  const workflows = bundle.workflows.filter((workflow) => isNew(workflow.id) && (!workflow.projectId || ref(workflow.projectId)));
  created.workflows = (
    await tx.workflow.createMany({
      data: workflows.map((workflow) => ({
        id: ref(workflow.id)!,
        companyId,
        projectId: ref(workflow.projectId),
        source: ids.text(workflow.source),
        createdAt: new Date(workflow.createdAt),
        updatedAt: new Date(workflow.updatedAt),
      })),
    })
  ).count;
}
