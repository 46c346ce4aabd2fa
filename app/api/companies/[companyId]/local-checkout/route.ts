import { defineRoutes, operation } from "@/lib/api/route";
import { checkLocalCheckout, serializeLocalCheckout } from "@/lib/projects/local-checkout";
import { companyParams } from "@/lib/schemas/common";
import { localCheckoutQuery } from "@/lib/schemas/local-checkout";

export const { GET } = defineRoutes("/api/companies/{companyId}/local-checkout", {
  GET: operation({
    summary: "Check a folder on the server before using it as a project workspace",
    description:
      "Whether the folder exists (`path` is its real path), whether it is inside a git work tree, that tree's branch (null and `detached` when HEAD is detached) and commit, a suggested name, and a `problem` to show the user. Reads only. Company owners, as for setting a workspace's cwd.",
    tags: ["projects"],
    auth: "board",
    params: companyParams,
    query: localCheckoutQuery,
    errors: ["insufficient_role"],
    handler: async ({ actor, params, query }) => serializeLocalCheckout(await checkLocalCheckout(actor, params.companyId, query.path)),
  }),
});
