import { defineRoutes, operation } from "@/lib/api/route";
import { MARK_FILES_ERRORS, listIssueMarks, markFiles } from "@/lib/marks/marks";
import { issueParams } from "@/lib/schemas/issues";
import { markFilesBody } from "@/lib/schemas/marks";

export const { GET, POST } = defineRoutes("/api/issues/{id}/file-marks", {
  GET: operation({
    summary: "List the files marked for an issue",
    description: "Advisory marks agents hold on paths while they work on the issue, oldest first.",
    tags: ["file marks"],
    auth: "either",
    params: issueParams,
    errors: ["not_found"],
    handler: async ({ actor, params }) => ({ marks: await listIssueMarks(actor, params.id) }),
  }),
  POST: operation({
    summary: "Mark files as being edited for an issue",
    description:
      "Advisory: the marks are always made, in the issue's execution workspace (or the company's scope without one); marks other agents hold on the same paths come back as `warnings`. At most 100 paths.",
    tags: ["file marks"],
    auth: "agent",
    params: issueParams,
    body: markFilesBody,
    errors: MARK_FILES_ERRORS,
    handler: ({ actor, runId, params, body }) => markFiles(actor, runId, { ...body, task: params.id }),
  }),
});
