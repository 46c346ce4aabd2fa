import { randomUUID } from "node:crypto";
import * as checkoutRoute from "@/app/api/issues/[id]/checkout/route";
import * as commentsRoute from "@/app/api/issues/[id]/comments/route";
import * as issueRoute from "@/app/api/issues/[id]/route";
import * as companyIssuesRoute from "@/app/api/companies/[companyId]/issues/route";
import { callRoute, seedAgent, seedCompany, seedUser } from "./fixtures";

export type AgentHandle = Awaited<ReturnType<typeof seedAgent>> & { runId: string; headers: Record<string, string> };

export async function agentWithRun(companyId: string, name?: string): Promise<AgentHandle> {
  const seeded = await seedAgent(companyId, { name });
  const runId = randomUUID();
  return { ...seeded, runId, headers: { "x-paperclip-run-id": runId } };
}

/** A company with an operator board key and two agents, the usual cast of an issue test. */
export async function issueWorld() {
  const company = await seedCompany();
  const board = await seedUser({ memberships: { [company.id]: "operator" } });
  const alice = await agentWithRun(company.id, "Alice");
  const bob = await agentWithRun(company.id, "Bob");
  return { company, board, alice, bob };
}

export function createIssue(companyId: string, token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return callRoute(companyIssuesRoute.POST, "POST", `/api/companies/${companyId}/issues`, { token, params: { companyId }, body, headers });
}

export function patchIssue(id: string, token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return callRoute(issueRoute.PATCH, "PATCH", `/api/issues/${id}`, { token, params: { id }, body, headers });
}

export function getIssue(id: string, token: string) {
  return callRoute(issueRoute.GET, "GET", `/api/issues/${id}`, { token, params: { id } });
}

export function checkout(id: string, agent: AgentHandle, expectedStatuses = ["todo", "backlog"], runHeaders = agent.headers) {
  return callRoute(checkoutRoute.POST, "POST", `/api/issues/${id}/checkout`, {
    token: agent.token,
    params: { id },
    body: { agentId: agent.agent.id, expectedStatuses },
    headers: runHeaders,
  });
}

export function comment(id: string, token: string, body: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  return callRoute(commentsRoute.POST, "POST", `/api/issues/${id}/comments`, { token, params: { id }, body: { body, ...extra }, headers });
}
