import type { Actor } from "../auth/actor";
import type { IssueThreadInteraction, Prisma } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Forbidden, Unprocessable } from "../errors";
import type { ConfirmationPayload, QuestionsPayload, RespondInteractionInput } from "../schemas/interactions";

export type ResolutionAction =
  | { type: "accept" }
  | { type: "reject"; reason?: string }
  | { type: "respond"; answers: RespondInteractionInput["answers"]; summaryMarkdown?: string | null }
  | { type: "cancel"; reason?: string };

export type Resolution = { status: "accepted" | "rejected" | "answered" | "cancelled"; result: Prisma.InputJsonObject };

type InteractionRules = Pick<
  IssueThreadInteraction,
  "kind" | "payload" | "resolverPolicy" | "addresseeAgentId" | "addresseeUserId" | "createdByAgentId" | "createdByUserId"
>;

const AGENT_RESOLVER_POLICIES = new Set(["anyone", "not_creator", "board_or_agents"]);

export const RESOLVER_ERRORS = [
  "not_interaction_creator",
  "resolver_is_creator",
  "board_resolution_required",
  "not_addressee",
] as const satisfies readonly ErrorCode[];

/**
 * Who may accept, reject or answer: board users unless the policy excludes the creator; agents only when the policy
 * admits agents. An addressee narrows it to that one user or agent. Cancelling is the creator's or the board's.
 */
export function requireResolver(interaction: InteractionRules, actor: Actor, action: ResolutionAction["type"]) {
  const isCreator = actor.type === "agent" ? interaction.createdByAgentId === actor.agentId : interaction.createdByUserId === actor.userId;
  if (action === "cancel") {
    if (actor.type === "agent" && !isCreator)
      throw new Forbidden("Only the agent that asked, or the board, can cancel this interaction", "not_interaction_creator");
    return;
  }
  if (interaction.resolverPolicy === "not_creator" && isCreator)
    throw new Forbidden("The creator of this interaction cannot resolve it", "resolver_is_creator");
  if (actor.type === "agent") {
    if (!AGENT_RESOLVER_POLICIES.has(interaction.resolverPolicy))
      throw new Forbidden("Only board users can resolve this interaction", "board_resolution_required");
    if (interaction.addresseeAgentId && interaction.addresseeAgentId !== actor.agentId)
      throw new Forbidden("This interaction is addressed to another agent", "not_addressee");
    return;
  }
  if (interaction.addresseeUserId && interaction.addresseeUserId !== actor.userId)
    throw new Forbidden("This interaction is addressed to another board user", "not_addressee");
}

export const RESOLUTION_ERRORS = ["reason_required", "wrong_interaction_kind", "invalid_answers"] as const satisfies readonly ErrorCode[];

/** The status and result an action leads to, or a 422 naming what the action is missing. */
export function resolutionFor(interaction: Pick<IssueThreadInteraction, "kind" | "payload">, action: ResolutionAction): Resolution {
  if (interaction.kind === "request_confirmation") {
    const payload = interaction.payload as ConfirmationPayload;
    switch (action.type) {
      case "accept":
        return { status: "accepted", result: { version: 1, outcome: "accepted" } };
      case "reject":
        if (payload.rejectRequiresReason && !action.reason)
          throw Unprocessable.field("reason", "This confirmation needs a reason to reject it", "reason_required");
        return { status: "rejected", result: { version: 1, outcome: "rejected", reason: action.reason ?? null } };
      case "cancel":
        return { status: "cancelled", result: { version: 1, outcome: "cancelled", reason: action.reason ?? null } };
      case "respond":
        throw new Unprocessable("A confirmation is accepted or rejected, not answered", "wrong_interaction_kind");
    }
  }
  switch (action.type) {
    case "respond":
      return {
        status: "answered",
        result: {
          version: 1,
          answers: checkedAnswers(interaction.payload as QuestionsPayload, action.answers),
          summaryMarkdown: action.summaryMarkdown ?? null,
        },
      };
    case "cancel":
      return { status: "cancelled", result: { version: 1, answers: [], cancelled: true, cancellationReason: action.reason ?? null, summaryMarkdown: null } };
    default:
      throw new Unprocessable("Questions are answered with respond, not accepted or rejected", "wrong_interaction_kind");
  }
}

/** Every answer names a real question and its options; required questions are answered; single-choice means one. */
function checkedAnswers(payload: QuestionsPayload, answers: RespondInteractionInput["answers"]) {
  const problems: { name: string; reason: string }[] = [];
  const byId = new Map(payload.questions.map((question) => [question.id, question]));
  answers.forEach((answer, index) => {
    const question = byId.get(answer.questionId);
    if (!question) return problems.push({ name: `answers.${index}.questionId`, reason: "No such question" });
    const known = new Set(question.options.map((option) => option.id));
    const unknown = answer.optionIds.filter((id) => !known.has(id));
    if (unknown.length) problems.push({ name: `answers.${index}.optionIds`, reason: `Unknown options: ${unknown.join(", ")}` });
    if (question.selectionMode === "single" && answer.optionIds.length > 1) problems.push({ name: `answers.${index}.optionIds`, reason: "Pick one option" });
    if (answer.otherText && !question.allowOther) problems.push({ name: `answers.${index}.otherText`, reason: "This question takes no free text" });
  });
  for (const question of payload.questions) {
    const answer = answers.find((candidate) => candidate.questionId === question.id);
    if (question.required && !(answer && (answer.optionIds.length || answer.otherText)))
      problems.push({ name: `answers.${question.id}`, reason: "This question needs an answer" });
  }
  if (problems.length) throw new Unprocessable("Some answers are invalid", "invalid_answers", { invalidParams: problems });
  return answers.map((answer) => ({ questionId: answer.questionId, optionIds: answer.optionIds, otherText: answer.otherText ?? null }));
}
