import * as documentRoute from "@/app/api/issues/[id]/documents/[key]/route";
import * as interactionsRoute from "@/app/api/issues/[id]/interactions/route";
import * as acceptRoute from "@/app/api/issues/[id]/interactions/[interactionId]/accept/route";
import * as cancelRoute from "@/app/api/issues/[id]/interactions/[interactionId]/cancel/route";
import * as rejectRoute from "@/app/api/issues/[id]/interactions/[interactionId]/reject/route";
import * as respondRoute from "@/app/api/issues/[id]/interactions/[interactionId]/respond/route";
import { db } from "@/lib/db/client";
import { planConfirmationBody } from "@/e2e/fixtures/plan-confirmation";
import { callRoute } from "./fixtures";

export function putDocument(id: string, key: string, token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return callRoute(documentRoute.PUT, "PUT", `/api/issues/${id}/documents/${key}`, { token, params: { id, key }, body, headers });
}

export function getDocument(id: string, key: string, token: string) {
  return callRoute(documentRoute.GET, "GET", `/api/issues/${id}/documents/${key}`, { token, params: { id, key } });
}

export function createInteraction(id: string, token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return callRoute(interactionsRoute.POST, "POST", `/api/issues/${id}/interactions`, { token, params: { id }, body, headers });
}

export function listInteractions(id: string, token: string) {
  return callRoute(interactionsRoute.GET, "GET", `/api/issues/${id}/interactions`, { token, params: { id } });
}

const RESOLVE_ROUTES = { accept: acceptRoute.POST, reject: rejectRoute.POST, respond: respondRoute.POST, cancel: cancelRoute.POST };

export function resolve(
  action: keyof typeof RESOLVE_ROUTES,
  id: string,
  interactionId: string,
  token: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return callRoute(RESOLVE_ROUTES[action], "POST", `/api/issues/${id}/interactions/${interactionId}/${action}`, {
    token,
    params: { id, interactionId },
    body,
    headers,
  });
}

/** The seed's confirmation body, aimed at a document revision. */
export function planConfirmation(
  issueId: string,
  document: { id: string; latestRevisionId: string; latestRevisionNumber: number },
  overrides: Record<string, unknown> = {},
) {
  return { ...planConfirmationBody(issueId, document), ...overrides };
}

export const wakesFor = (agentId: string) => db.agentWakeupRequest.findMany({ where: { agentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
