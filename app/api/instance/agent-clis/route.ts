import { listAgentClis, serializeAgentClis } from "@/lib/adapters/detect";
import { defineRoutes, operation } from "@/lib/api/route";

export const { GET } = defineRoutes("/api/instance/agent-clis", {
  GET: operation({
    summary: "Agent CLIs on this server",
    description:
      "Claude Code and Codex as found on the server's PATH, each with `path`, the first line of `--version` and a `problem` when missing or failing (looked up at most every 30 s), plus the adapter settings of the built-in demo agent. For those who may set an agent's adapter: instance admins and owners of at least one company (others 403 owner_required).",
    tags: ["instance"],
    auth: "board",
    errors: ["owner_required"],
    handler: async ({ actor }) => serializeAgentClis(await listAgentClis(actor)),
  }),
});
