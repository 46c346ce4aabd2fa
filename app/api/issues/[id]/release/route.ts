import { defineRoutes, operation } from "@/lib/api/route";
import { releaseIssue } from "@/lib/issues/checkout";
import { serializeIssue } from "@/lib/issues/serialize";
import { issueParams } from "@/lib/schemas/issues";

export const { POST } = defineRoutes("/api/issues/{id}/release", {
  POST: operation({
    summary: "Release an issue",
    description: "Back to todo with no assignee and no locks. Only the holding agent (from its run) or a board user.",
    tags: ["issues"],
    auth: "either",
    params: issueParams,
    errors: [
      "run_id_required",
      "board_required",
      "execution_policy_board_only",
      "insufficient_role",
      "not_holder",
      "run_agent_mismatch",
      "run_token_mismatch",
      "not_found",
      "checkout_conflict",
      "gate_unsatisfied",
      "run_ownership_conflict",
      "blocker_cycle",
      "blockers_unresolved",
      "comment_required",
      "gate_rejected",
      "invalid_execution_policy",
      "invalid_reference",
      "invalid_transition",
      "no_eligible_participant",
      "not_participant",
      "unknown_phase",
    ],
    handler: async ({ actor, runId, params }) => serializeIssue(await releaseIssue(actor, runId, params.id)),
  }),
});
