import { defineRoutes, operation } from "@/lib/api/route";
import { serializeIssue } from "@/lib/issues/serialize";
import { RUN_ROUTINE_ERRORS, runRoutine } from "@/lib/routines/fire";
import { serializeRun } from "@/lib/routines/serialize";
import { idParams } from "@/lib/schemas/common";
import { runRoutineBody } from "@/lib/schemas/routines";

export const { POST } = defineRoutes("/api/routines/{id}/run", {
  POST: operation({
    summary: "Run a routine now",
    description:
      "Creates the routine's issue through the normal create path (the assignee is woken), unless its concurrency policy skips or coalesces the run. " +
      "A paused or archived routine is 409 routine_not_active; a required variable without a value is 422 naming it. The same idempotencyKey returns the first run.",
    tags: ["routines"],
    auth: "either",
    params: idParams,
    body: runRoutineBody,
    status: 201,
    errors: RUN_ROUTINE_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const { run, issue } = await runRoutine(actor, runId, params.id, body ?? {});
      return { run: serializeRun(run), issue: issue ? serializeIssue(issue) : null };
    },
  }),
});
