import type { Actor } from "../auth/actor";
import type { IssueThreadInteraction, Prisma } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Forbidden, Unprocessable } from "../errors";
import type {
  CheckboxConfirmationPayload,
  ConfirmationPayload,
  CreateInteractionInput,
  QuestionsPayload,
  RespondInteractionInput,
  SuggestedTask,
  SuggestTasksPayload,
} from "../schemas/interactions";

export type ResolutionAction =
  | { type: "accept"; selectedClientKeys?: string[]; selectedOptionIds?: string[] }
  | { type: "reject"; reason?: string }
  | { type: "respond"; answers: RespondInteractionInput["answers"]; summaryMarkdown?: string | null }
  | { type: "cancel"; reason?: string }
  | { type: "withdraw"; reason?: string };

export type Resolution = {
  status: "accepted" | "rejected" | "answered" | "cancelled";
  result: Prisma.InputJsonObject;
  /** suggest_tasks acceptance: the tasks to create, every parent before its children. */
  tasks?: SuggestedTask[];
};

type Problem = { name: string; reason: string };

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
 * admits agents. An addressee narrows it to that one user or agent. Cancelling is the creator's or the board's;
 * withdrawing is the creator's alone (agent or user).
 */
export function requireResolver(interaction: InteractionRules, actor: Actor, action: ResolutionAction["type"]) {
  const isCreator = actor.type === "agent" ? interaction.createdByAgentId === actor.agentId : interaction.createdByUserId === actor.userId;
  if (action === "withdraw") {
    if (!isCreator) throw new Forbidden("Only the agent or user that asked can withdraw this interaction", "not_interaction_creator");
    return;
  }
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

export const RESOLUTION_ERRORS = ["reason_required", "wrong_interaction_kind", "invalid_answers", "invalid_selection"] as const satisfies readonly ErrorCode[];

/** What a closed card says: withdrawn by its creator, or expired with its issue. Questions keep their answer list. */
export function administrativeResult(kind: string, outcome: "withdrawn" | "issue_closed", reason: string | null = null): Prisma.InputJsonObject {
  if (kind === "ask_user_questions") {
    return outcome === "withdrawn"
      ? { version: 1, outcome, reason, answers: [], summaryMarkdown: null }
      : { version: 1, answers: [], expirationReason: outcome, summaryMarkdown: null };
  }
  return { version: 1, outcome, reason };
}

/** The status and result an action leads to, or a 422 naming what the action is missing. */
export function resolutionFor(interaction: Pick<IssueThreadInteraction, "kind" | "payload">, action: ResolutionAction): Resolution {
  if (action.type === "withdraw") return { status: "cancelled", result: administrativeResult(interaction.kind, "withdrawn", action.reason ?? null) };
  if (interaction.kind === "suggest_tasks") return suggestTasksResolution(interaction.payload as SuggestTasksPayload, action);
  if (interaction.kind === "request_checkbox_confirmation") return checkboxResolution(interaction.payload as CheckboxConfirmationPayload, action);
  if (interaction.kind === "request_confirmation") {
    return yesOrNoResolution(interaction.payload as ConfirmationPayload, action, "A confirmation", () => ({ version: 1, outcome: "accepted" }));
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

function suggestTasksResolution(payload: SuggestTasksPayload, action: Exclude<ResolutionAction, { type: "withdraw" }>): Resolution {
  switch (action.type) {
    case "accept": {
      const { tasks, skippedClientKeys } = selectedTasks(payload, action.selectedClientKeys);
      return { status: "accepted", result: { version: 1, createdTasks: [], ...(skippedClientKeys.length ? { skippedClientKeys } : {}) }, tasks };
    }
    case "reject":
      return { status: "rejected", result: { version: 1, rejectionReason: action.reason || null } };
    case "cancel":
      return { status: "cancelled", result: { version: 1, outcome: "cancelled", reason: action.reason ?? null } };
    case "respond":
      throw new Unprocessable("Suggested tasks are accepted or rejected, not answered", "wrong_interaction_kind");
  }
}

/**
 * The accepted tasks (all when none are named), parents before children. A task nested under another suggested task
 * needs that parent accepted too: a child whose parent was never created would land in the wrong place.
 */
export function selectedTasks(payload: SuggestTasksPayload, selectedClientKeys: string[] | undefined) {
  const byKey = new Map(payload.tasks.map((task) => [task.clientKey, task]));
  const selected = new Set(selectedClientKeys ?? payload.tasks.map((task) => task.clientKey));
  const problems: Problem[] = [];
  (selectedClientKeys ?? []).forEach((key, index) => {
    if (!byKey.has(key)) problems.push({ name: `selectedClientKeys.${index}`, reason: `No suggested task has clientKey "${key}"` });
  });
  if (selectedClientKeys && selectedClientKeys.length === 0) problems.push({ name: "selectedClientKeys", reason: "Select at least one task, or reject" });
  for (const key of selected) {
    const parentKey = byKey.get(key)?.parentClientKey;
    if (parentKey && !selected.has(parentKey))
      problems.push({ name: "selectedClientKeys", reason: `Task "${key}" is nested under "${parentKey}", which must be selected too` });
  }
  if (problems.length) throw new Unprocessable("The selection does not fit the suggested tasks", "invalid_selection", { invalidParams: problems });
  const ordered: SuggestedTask[] = [];
  const placed = new Set<string>();
  const place = (task: SuggestedTask) => {
    if (placed.has(task.clientKey)) return;
    if (task.parentClientKey) place(byKey.get(task.parentClientKey)!);
    placed.add(task.clientKey);
    ordered.push(task);
  };
  payload.tasks.filter((task) => selected.has(task.clientKey)).forEach(place);
  return { tasks: ordered, skippedClientKeys: payload.tasks.filter((task) => !selected.has(task.clientKey)).map((task) => task.clientKey) };
}

function checkboxResolution(payload: CheckboxConfirmationPayload, action: Exclude<ResolutionAction, { type: "withdraw" }>): Resolution {
  return yesOrNoResolution(payload, action, "A checkbox confirmation", (accept) => ({
    version: 1,
    outcome: "accepted",
    selectedOptionIds: checkedOptions(payload, accept.selectedOptionIds),
  }));
}

/** The confirmations' shared rules: accepted (with the kind's result), rejected (with a reason if the payload wants one), cancelled. */
function yesOrNoResolution(
  payload: { rejectRequiresReason?: boolean | null },
  action: Exclude<ResolutionAction, { type: "withdraw" }>,
  kindName: string,
  accepted: (accept: Extract<ResolutionAction, { type: "accept" }>) => Prisma.InputJsonObject,
): Resolution {
  switch (action.type) {
    case "accept":
      return { status: "accepted", result: accepted(action) };
    case "reject":
      if (payload.rejectRequiresReason && !action.reason)
        throw Unprocessable.field("reason", "This confirmation needs a reason to reject it", "reason_required");
      return { status: "rejected", result: { version: 1, outcome: "rejected", reason: action.reason ?? null } };
    case "cancel":
      return { status: "cancelled", result: { version: 1, outcome: "cancelled", reason: action.reason ?? null } };
    case "respond":
      throw new Unprocessable(`${kindName} is accepted or rejected, not answered`, "wrong_interaction_kind");
  }
}

/** The ticked boxes in the card's order: known ids only, every required box, and within minSelected..maxSelected. */
function checkedOptions(payload: CheckboxConfirmationPayload, selectedOptionIds: string[] | undefined) {
  const chosen = selectedOptionIds ?? payload.defaultSelectedOptionIds ?? [];
  const known = new Set(payload.options.map((option) => option.id));
  const ticked = new Set(chosen);
  const problems: Problem[] = [];
  chosen.forEach((id, index) => {
    if (!known.has(id)) problems.push({ name: `selectedOptionIds.${index}`, reason: `No option has id "${id}"` });
  });
  const unticked = payload.options.filter((option) => option.required && !ticked.has(option.id)).map((option) => option.id);
  if (unticked.length) problems.push({ name: "selectedOptionIds", reason: `Required boxes not ticked: ${unticked.join(", ")}` });
  const count = [...ticked].filter((id) => known.has(id)).length;
  if (count < (payload.minSelected ?? 0)) problems.push({ name: "selectedOptionIds", reason: `Tick at least ${payload.minSelected}` });
  if (payload.maxSelected != null && count > payload.maxSelected) problems.push({ name: "selectedOptionIds", reason: `Tick at most ${payload.maxSelected}` });
  if (problems.length)
    throw new Unprocessable("The ticked boxes do not satisfy this confirmation", "invalid_selection", { invalidParams: problems, details: { unticked } });
  return payload.options.filter((option) => ticked.has(option.id)).map((option) => option.id);
}

/**
 * What the schema cannot say about a new interaction's payload: unique keys and ids, nesting that resolves without
 * cycles, one assignee per task, and box counts that can be met. Each problem names its field under body.payload.
 */
export function payloadProblems(input: CreateInteractionInput): Problem[] {
  const problems: Problem[] = [];
  const at = (path: string, reason: string) => problems.push({ name: `body.payload.${path}`, reason });
  if (input.kind === "suggest_tasks") {
    const keys = new Set<string>();
    input.payload.tasks.forEach((task, index) => {
      if (keys.has(task.clientKey)) at(`tasks.${index}.clientKey`, "clientKey must be unique within the interaction");
      keys.add(task.clientKey);
      if (task.assigneeAgentId && task.assigneeUserId) at(`tasks.${index}.assigneeAgentId`, "A task takes one assignee: an agent or a user");
      if (task.parentClientKey && task.parentId) at(`tasks.${index}.parentId`, "Give parentClientKey or parentId, not both");
    });
    const byKey = new Map(input.payload.tasks.map((task) => [task.clientKey, task]));
    input.payload.tasks.forEach((task, index) => {
      if (!task.parentClientKey) return;
      if (!byKey.has(task.parentClientKey)) return at(`tasks.${index}.parentClientKey`, `No task has clientKey "${task.parentClientKey}"`);
      const seen = new Set([task.clientKey]);
      for (let key: string | null | undefined = task.parentClientKey; key; key = byKey.get(key)?.parentClientKey) {
        if (seen.has(key)) return at(`tasks.${index}.parentClientKey`, "parentClientKey forms a cycle");
        seen.add(key);
      }
    });
  }
  if (input.kind === "request_checkbox_confirmation") {
    const { options, defaultSelectedOptionIds = [], minSelected = 0, maxSelected } = input.payload;
    const ids = new Set<string>();
    options.forEach((option, index) => {
      if (ids.has(option.id)) at(`options.${index}.id`, "Option ids must be unique");
      ids.add(option.id);
    });
    defaultSelectedOptionIds.forEach((id, index) => {
      if (!ids.has(id)) at(`defaultSelectedOptionIds.${index}`, `No option has id "${id}"`);
    });
    const required = options.filter((option) => option.required).length;
    if (minSelected > options.length) at("minSelected", "Cannot exceed the number of options");
    if (maxSelected != null && maxSelected < Math.max(minSelected, required)) at("maxSelected", "Must allow minSelected and every required box");
  }
  return problems;
}
