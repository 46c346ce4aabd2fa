import { defineRoutes, operation } from "@/lib/api/route";
import { UNMARK_FILES_ERRORS, unmarkFiles } from "@/lib/marks/marks";
import { issueParams } from "@/lib/schemas/issues";
import { releaseMarksBody } from "@/lib/schemas/marks";

export const { POST } = defineRoutes("/api/issues/{id}/file-marks/release", {
  POST: operation({
    summary: "Release the agent's file marks for an issue",
    description: 'Without `files` (or with "*"): every mark the agent holds for this issue; with paths: those paths in its workspace.',
    tags: ["file marks"],
    auth: "agent",
    params: issueParams,
    body: releaseMarksBody,
    errors: UNMARK_FILES_ERRORS,
    handler: ({ actor, runId, params, body }) => unmarkFiles(actor, runId, { ...body, task: params.id }),
  }),
});
