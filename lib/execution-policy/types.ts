import { z } from "zod";

/** Who a stage waits for, or who gets the work back: an agent or a board user. */
export type Principal = { type: "agent"; agentId: string } | { type: "user"; userId: string };

export const participantInput = z
  .strictObject({
    id: z.string().min(1).max(64).optional(),
    type: z.enum(["agent", "user"]),
    agentId: z.uuid().nullable().optional(),
    userId: z.uuid().nullable().optional(),
  })
  .superRefine((participant, context) => {
    if (participant.type === "agent" && !participant.agentId)
      context.addIssue({ code: "custom", path: ["agentId"], message: "An agent participant needs agentId" });
    if (participant.type === "user" && !participant.userId) context.addIssue({ code: "custom", path: ["userId"], message: "A user participant needs userId" });
  });

export const stageInput = z.strictObject({
  id: z.string().min(1).max(64).optional(),
  type: z.enum(["review", "approval"]),
  approvalsNeeded: z.int().min(1).max(20).optional().describe("Distinct participants who must approve (default 1)"),
  participants: z.array(participantInput).min(1, { error: "A stage needs at least one participant" }).max(50),
});

export const executionPolicyInput = z
  .strictObject({
    mode: z.enum(["normal", "auto"]).optional(),
    commentRequired: z.boolean().optional(),
    stages: z.array(stageInput).max(10),
  })
  .describe("Review/approval stages the work passes before done; null removes the policy");

export type ExecutionPolicyInput = z.output<typeof executionPolicyInput>;

export type Participant = { id: string } & Principal;
export type Stage = { id: string; type: "review" | "approval"; approvalsNeeded: number; participants: Participant[] };
export type ExecutionPolicy = { mode: "normal" | "auto"; commentRequired: boolean; stages: Stage[] };

export type ExecutionState = {
  status: "idle" | "pending" | "changes_requested" | "completed";
  currentStageId: string | null;
  currentStageIndex: number | null;
  currentStageType: "review" | "approval" | null;
  currentParticipant: Principal | null;
  returnAssignee: Principal | null;
  completedStageIds: string[];
  /** Distinct approvers so far in the current stage, for stages that need more than one. */
  stageApprovals: Principal[];
  lastDecisionId: string | null;
  lastDecisionOutcome: "approved" | "changes_requested" | null;
};

export const samePrincipal = (a: Principal | null | undefined, b: Principal | null | undefined) =>
  Boolean(
    a && b && a.type === b.type && (a.type === "agent" ? a.agentId === (b as { agentId: string }).agentId : a.userId === (b as { userId: string }).userId),
  );

export const principalOf = (participant: Participant): Principal =>
  participant.type === "agent" ? { type: "agent", agentId: participant.agentId } : { type: "user", userId: participant.userId };
