import { defineRoutes, operation } from "@/lib/api/route";
import { LIST_MARKS_ERRORS, listMarks } from "@/lib/marks/marks";
import { companyParams } from "@/lib/schemas/common";
import { companyMarksQuery } from "@/lib/schemas/marks";

export const { GET } = defineRoutes("/api/companies/{companyId}/file-marks", {
  GET: operation({
    summary: "List the company's file marks",
    description: "Who is editing what: every advisory mark, oldest first, narrowed by `workspaceId` and `agentId`.",
    tags: ["file marks"],
    auth: "either",
    params: companyParams,
    query: companyMarksQuery,
    errors: LIST_MARKS_ERRORS,
    handler: async ({ actor, params, query }) => ({ marks: await listMarks(actor, params.companyId, query) }),
  }),
});
