import "server-only";
import { randomBytes } from "node:crypto";
import { mentionedUserIds } from "../issues/mentions";
import { nextCronSlot } from "../routines/cron";
import { databaseNow } from "../routines/routines";
import { webhookUrl } from "../routines/serialize";
import { dateOrNull as date, highest, parentsFirst, type WriteContext } from "./id-map";

// The company's work, written from a bundle: issues with their numbers, labels and blockers, threads, documents with
// every revision, attachments, interactions, approvals, execution decisions, and routines with new trigger secrets.

export type WebhookSecret = { routineId: string; triggerId: string; publicId: string; signingMode: string; secret: string; webhookUrl: string };

export async function writeWork({ tx, bundle, plan, ids, companyId, created, now, warnings }: WriteContext): Promise<WebhookSecret[]> {
  const { ref, json, nullableJson } = ids;
  const issues = parentsFirst(bundle.issues, (issue) => issue.parentId);
  created.issues = (
    await tx.issue.createMany({
      data: issues.map((issue) => {
        const number = plan.issueNumbers.get(issue.id)!;
        return {
          id: ref(issue.id)!,
          companyId,
          number,
          identifier: `${plan.issuePrefix}-${number}`,
          title: issue.title,
          description: issue.description,
          status: issue.status,
          priority: issue.priority,
          priorityRank: issue.priorityRank,
          assigneeAgentId: ref(issue.assigneeAgentId),
          assigneeUserId: ref(issue.assigneeUserId),
          createdByAgentId: ref(issue.createdByAgentId),
          createdByUserId: ref(issue.createdByUserId),
          parentId: ref(issue.parentId),
          projectId: ref(issue.projectId),
          goalId: ref(issue.goalId),
          billingCode: issue.billingCode,
          workMode: issue.workMode,
          requestDepth: issue.requestDepth,
          idempotencyKey: issue.idempotencyKey && !plan.takenIssueKeys.has(issue.idempotencyKey) ? issue.idempotencyKey : null,
          hiddenAt: date(issue.hiddenAt),
          inheritExecutionWorkspaceFromIssueId: ref(issue.inheritExecutionWorkspaceFromIssueId),
          executionWorkspacePreference: issue.executionWorkspacePreference,
          executionWorkspaceSettings: nullableJson(issue.executionWorkspaceSettings),
          startedAt: date(issue.startedAt),
          completedAt: date(issue.completedAt),
          cancelledAt: date(issue.cancelledAt),
          executionPolicy: nullableJson(issue.executionPolicy),
          executionState: nullableJson(issue.executionState),
          workflowState: issue.workflowState,
          phase: issue.phase,
          timeActualMs: BigInt(Math.round(issue.timeActualMs)),
          stateTimeMs: json(issue.stateTimeMs ?? {}),
          stateEnteredAt: date(issue.stateEnteredAt),
          blocking: issue.blocking,
          originKind: issue.originKind,
          originId: issue.originId ? (ref(issue.originId) ?? issue.originId) : null,
          createdAt: new Date(issue.createdAt),
          updatedAt: new Date(issue.updatedAt),
        };
      }),
    })
  ).count;
  const lastNumber = highest(plan.issueNumbers.values());
  await tx.$executeRaw`UPDATE companies SET issue_counter = GREATEST(issue_counter, ${lastNumber}) WHERE id = ${companyId}::uuid`;
  await tx.issueLabel.createMany({
    data: issues.flatMap((issue) => issue.labelIds.flatMap((labelId) => (ref(labelId) ? [{ issueId: ref(issue.id)!, labelId: ref(labelId)! }] : []))),
    skipDuplicates: true,
  });
  await tx.issueRelation.createMany({
    data: issues.flatMap((issue) =>
      issue.blockedByIssueIds.flatMap((blockerId) => (ref(blockerId) ? [{ companyId, issueId: ref(issue.id)!, blockedByIssueId: ref(blockerId)! }] : [])),
    ),
    skipDuplicates: true,
  });

  const comments = bundle.comments.filter((comment) => ref(comment.issueId));
  // Members named in a comment are worked out against the company's own members, as for a comment written here.
  const members = await tx.user.findMany({ where: { memberships: { some: { companyId } } }, select: { id: true, name: true, email: true } });
  created.comments = (
    await tx.issueComment.createMany({
      data: comments.map((comment) => ({
        id: ref(comment.id)!,
        companyId,
        issueId: ref(comment.issueId)!,
        body: comment.body,
        authorAgentId: ref(comment.authorAgentId),
        authorUserId: ref(comment.authorUserId),
        mentionedAgentIds: comment.mentionedAgentIds.flatMap((agentId) => (ref(agentId) ? [ref(agentId)!] : [])),
        mentionedUserIds: mentionedUserIds(comment.body, members),
        createdAt: new Date(comment.createdAt),
        updatedAt: new Date(comment.updatedAt),
      })),
    })
  ).count;

  created.documents = (
    await tx.document.createMany({
      data: bundle.documents.map((document) => ({
        id: ref(document.id)!,
        companyId,
        title: document.title,
        format: document.format,
        latestBody: document.latestBody,
        latestRevisionId: ref(document.latestRevisionId),
        latestRevisionNumber: document.latestRevisionNumber,
        createdByAgentId: ref(document.createdByAgentId),
        createdByUserId: ref(document.createdByUserId),
        updatedByAgentId: ref(document.updatedByAgentId),
        updatedByUserId: ref(document.updatedByUserId),
        createdAt: new Date(document.createdAt),
        updatedAt: new Date(document.updatedAt),
      })),
    })
  ).count;
  await tx.documentRevision.createMany({
    data: bundle.documents.flatMap((document) =>
      document.revisions.map((revision) => ({
        id: ref(revision.id)!,
        companyId,
        documentId: ref(document.id)!,
        revisionNumber: revision.revisionNumber,
        title: revision.title,
        format: revision.format,
        body: revision.body,
        changeSummary: revision.changeSummary,
        createdByAgentId: ref(revision.createdByAgentId),
        createdByUserId: ref(revision.createdByUserId),
        createdAt: new Date(revision.createdAt),
      })),
    ),
  });
  await tx.issueDocument.createMany({
    data: bundle.documents.flatMap((document) =>
      document.issueLink && ref(document.issueLink.issueId)
        ? [
            {
              companyId,
              issueId: ref(document.issueLink.issueId)!,
              documentId: ref(document.id)!,
              key: document.issueLink.key,
              createdAt: new Date(document.issueLink.createdAt),
            },
          ]
        : [],
    ),
  });

  created.attachments = (
    await tx.issueAttachment.createMany({
      data: bundle.attachments.flatMap((attachment) =>
        attachment.content !== null && ref(attachment.issueId)
          ? [
              {
                id: ref(attachment.id)!,
                companyId,
                issueId: ref(attachment.issueId)!,
                type: attachment.type,
                mime: attachment.mime,
                content: attachment.content,
                sizeBytes: attachment.sizeBytes,
                createdByAgentId: ref(attachment.createdByAgentId),
                createdByUserId: ref(attachment.createdByUserId),
                createdAt: new Date(attachment.createdAt),
              },
            ]
          : [],
      ),
    })
  ).count;

  created.interactions = (
    await tx.issueThreadInteraction.createMany({
      data: bundle.interactions.flatMap((interaction) =>
        ref(interaction.issueId)
          ? [
              {
                id: ref(interaction.id)!,
                companyId,
                issueId: ref(interaction.issueId)!,
                kind: interaction.kind,
                status: interaction.status,
                continuationPolicy: interaction.continuationPolicy,
                resolverPolicy: interaction.resolverPolicy,
                addresseeAgentId: ref(interaction.addresseeAgentId),
                addresseeUserId: ref(interaction.addresseeUserId),
                idempotencyKey: interaction.idempotencyKey,
                requestHash: interaction.requestHash,
                title: interaction.title,
                summary: interaction.summary,
                payload: json(interaction.payload ?? {}),
                result: nullableJson(interaction.result),
                targetDocumentId: ref(interaction.targetDocumentId),
                sourceCommentId: ref(interaction.sourceCommentId),
                createdByAgentId: ref(interaction.createdByAgentId),
                createdByUserId: ref(interaction.createdByUserId),
                resolvedAt: date(interaction.resolvedAt),
                resolvedByAgentId: ref(interaction.resolvedByAgentId),
                resolvedByUserId: ref(interaction.resolvedByUserId),
                createdAt: new Date(interaction.createdAt),
                updatedAt: new Date(interaction.updatedAt),
              },
            ]
          : [],
      ),
    })
  ).count;

  created.approvals = (
    await tx.approval.createMany({
      data: bundle.approvals.map((approval) => ({
        id: ref(approval.id)!,
        companyId,
        type: approval.type,
        status: approval.status,
        requestedByAgentId: ref(approval.requestedByAgentId),
        requestedByUserId: ref(approval.requestedByUserId),
        payload: json(approval.payload ?? {}),
        decisionNote: approval.decisionNote,
        decidedByUserId: ref(approval.decidedByUserId),
        decidedAt: date(approval.decidedAt),
        createdAt: new Date(approval.createdAt),
        updatedAt: new Date(approval.updatedAt),
      })),
    })
  ).count;
  await tx.issueApproval.createMany({
    data: bundle.approvals.flatMap((approval) =>
      approval.issueLinks.flatMap((link) =>
        ref(link.issueId)
          ? [
              {
                companyId,
                issueId: ref(link.issueId)!,
                approvalId: ref(approval.id)!,
                linkedByAgentId: ref(link.linkedByAgentId),
                linkedByUserId: ref(link.linkedByUserId),
                createdAt: new Date(link.createdAt),
              },
            ]
          : [],
      ),
    ),
    skipDuplicates: true,
  });
  await tx.approvalComment.createMany({
    data: bundle.approvals.flatMap((approval) =>
      approval.comments.map((comment) => ({
        id: ref(comment.id)!,
        companyId,
        approvalId: ref(approval.id)!,
        body: comment.body,
        authorAgentId: ref(comment.authorAgentId),
        authorUserId: ref(comment.authorUserId),
        createdAt: new Date(comment.createdAt),
        updatedAt: new Date(comment.updatedAt),
      })),
    ),
  });

  created.executionDecisions = (
    await tx.issueExecutionDecision.createMany({
      data: bundle.executionDecisions.flatMap((decision) =>
        ref(decision.issueId)
          ? [
              {
                id: ref(decision.id)!,
                companyId,
                issueId: ref(decision.issueId)!,
                stageId: decision.stageId,
                stageIndex: decision.stageIndex,
                stageType: decision.stageType,
                outcome: decision.outcome,
                actorAgentId: ref(decision.actorAgentId),
                actorUserId: ref(decision.actorUserId),
                commentId: ref(decision.commentId),
                body: decision.body,
                createdAt: new Date(decision.createdAt),
              },
            ]
          : [],
      ),
    })
  ).count;

  const webhookSecrets: WebhookSecret[] = [];
  created.routines = (
    await tx.routine.createMany({
      data: bundle.routines.map((routine) => ({
        id: ref(routine.id)!,
        companyId,
        projectId: ref(routine.projectId),
        goalId: ref(routine.goalId),
        parentIssueId: ref(routine.parentIssueId),
        title: routine.title,
        description: routine.description,
        assigneeAgentId: ref(routine.assigneeAgentId),
        priority: routine.priority,
        status: routine.status,
        concurrencyPolicy: routine.concurrencyPolicy,
        catchUpPolicy: routine.catchUpPolicy,
        variables: json(routine.variables ?? []),
        createdByAgentId: ref(routine.createdByAgentId),
        createdByUserId: ref(routine.createdByUserId),
        createdAt: new Date(routine.createdAt),
        updatedAt: new Date(routine.updatedAt),
      })),
    })
  ).count;
  // PostgreSQL's clock, as the scheduler and the routines API use, so every instance agrees on the next slot.
  const slotsFrom = await databaseNow(tx);
  await tx.routineTrigger.createMany({
    data: bundle.routines.flatMap((routine) =>
      routine.triggers.map((trigger) => {
        let nextRunAt: Date | null = null;
        if (trigger.kind === "schedule" && trigger.enabled && trigger.cronExpression) {
          try {
            // Slots before the import never fire here: the schedule starts from now.
            nextRunAt = nextCronSlot(trigger.cronExpression, trigger.timezone ?? "UTC", slotsFrom);
          } catch {
            warnings.push(
              `Routine "${routine.title}": schedule ${trigger.cronExpression} (${trigger.timezone ?? "UTC"}) is not valid here and will not fire until fixed`,
            );
          }
        }
        const webhook = trigger.kind === "webhook";
        // The same shapes as a trigger created through the routines API (lib/routines/triggers.ts).
        const publicId = webhook ? randomBytes(18).toString("base64url") : null;
        const signingSecret = webhook ? `whsec_${randomBytes(32).toString("base64url")}` : null;
        const signingMode = webhook ? (trigger.signingMode ?? "hmac_sha256") : trigger.signingMode;
        if (webhook) {
          webhookSecrets.push({
            routineId: ref(routine.id)!,
            triggerId: ref(trigger.id)!,
            publicId: publicId!,
            signingMode: signingMode!,
            secret: signingSecret!,
            webhookUrl: webhookUrl(publicId!),
          });
        }
        return {
          id: ref(trigger.id)!,
          companyId,
          routineId: ref(routine.id)!,
          kind: trigger.kind,
          label: trigger.label,
          enabled: trigger.enabled,
          cronExpression: trigger.cronExpression,
          timezone: trigger.timezone,
          nextRunAt,
          publicId,
          signingSecret,
          signingMode,
          replayWindowSec: trigger.replayWindowSec,
          lastRotatedAt: webhook ? now : null,
          createdAt: new Date(trigger.createdAt),
        };
      }),
    ),
  });
  return webhookSecrets;
}
