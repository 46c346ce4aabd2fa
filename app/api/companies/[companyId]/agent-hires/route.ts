import { HIRE_AGENT_ERRORS, hireAgent } from "@/lib/agents/hiring";
import { serializeAgent } from "@/lib/agents/serialize";
import { defineRoutes, operation } from "@/lib/api/route";
import { serializeApproval } from "@/lib/approvals/approvals";
import { hireAgentBody } from "@/lib/schemas/agents";
import { companyParams } from "@/lib/schemas/common";

export const { POST } = defineRoutes("/api/companies/{companyId}/agent-hires", {
  POST: operation({
    summary: "Hire an agent",
    description:
      "Board operators, or agents with canCreateAgents (adapter settings need a company owner). With the company's requireBoardApprovalForNewAgents the agent starts pending_approval and a hire_agent approval is filed; otherwise it starts idle and approval is null.",
    tags: ["agents"],
    auth: "either",
    params: companyParams,
    body: hireAgentBody,
    status: 201,
    errors: HIRE_AGENT_ERRORS,
    handler: async ({ actor, runId, params, body }) => {
      const { agent, approval } = await hireAgent(actor, runId, params.companyId, body);
      return { agent: serializeAgent(agent), approval: approval ? serializeApproval(approval) : null };
    },
  }),
});
