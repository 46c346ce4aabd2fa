import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { unauthenticatedLimiter } from "../api/rate-limit";
import { db } from "../db/client";
import type { RoutineTrigger } from "../db/generated/client";
import type { ErrorCode } from "../error-codes";
import { Conflict, NotFound, TooManyRequests, Unauthorized } from "../errors";
import { FIRE_ROUTINE_ERRORS, fireRoutine } from "./fire";
import { DEFAULT_REPLAY_WINDOW_SEC } from "./triggers";

export type WebhookRequest = { headers: Headers; rawBody: string; payload: Record<string, unknown> | null; clientIp: string };

export const FIRE_WEBHOOK_ERRORS = [
  ...FIRE_ROUTINE_ERRORS,
  "webhook_signature_invalid",
  "routine_trigger_disabled",
  "rate_limited",
] as const satisfies readonly ErrorCode[];

/** Equal in constant time: both sides are hashed first, so neither their contents nor their lengths show in the timing. */
function sameSecret(provided: string, expected: string) {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(provided), digest(expected)) && provided.length === expected.length;
}

const hmacHex = (secret: string, message: string) => createHmac("sha256", secret).update(message, "utf8").digest("hex");
const withoutPrefix = (signature: string) =>
  signature
    .trim()
    .replace(/^sha256=/i, "")
    .toLowerCase();

/** Unix seconds, or milliseconds as some senders (Paperclip's among them) write them. */
function timestampMs(header: string) {
  if (!/^\d{1,16}$/.test(header.trim())) return null;
  const value = Number(header.trim());
  return value > 1e12 ? value : value * 1000;
}

/** The header the trigger's mode reads its signature from (the one the delivery key is made of, too). */
function signatureHeader(trigger: RoutineTrigger, headers: Headers): string | null {
  if (trigger.signingMode === "github_hmac")
    return headers.get("x-hub-signature-256") ?? headers.get("x-switchboard-signature") ?? headers.get("x-paperclip-signature");
  return headers.get("x-switchboard-signature") ?? headers.get("x-paperclip-signature");
}

/**
 * Whether the request carries the trigger's proof. hmac_sha256: X-Switchboard-Signature (or Paperclip's
 * X-Paperclip-Signature) = sha256=<hex HMAC of "<timestamp>.<raw body>">, with X-Switchboard-Timestamp (or
 * X-Paperclip-Timestamp) inside the replay window. github_hmac: X-Hub-Signature-256 over the raw body. bearer:
 * Authorization: Bearer <secret>.
 */
export function verifyWebhookSignature(trigger: RoutineTrigger, headers: Headers, rawBody: string, now = Date.now()): boolean {
  const secret = trigger.signingSecret;
  if (!secret) return false;
  if (trigger.signingMode === "bearer") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
    return match !== null && sameSecret(match[1], secret);
  }
  if (trigger.signingMode === "github_hmac") {
    const signature = signatureHeader(trigger, headers);
    return signature !== null && sameSecret(withoutPrefix(signature), hmacHex(secret, rawBody));
  }
  const signature = signatureHeader(trigger, headers);
  const timestamp = headers.get("x-switchboard-timestamp") ?? headers.get("x-paperclip-timestamp");
  if (!signature || !timestamp) return false;
  const sentAt = timestampMs(timestamp);
  const windowMs = (trigger.replayWindowSec ?? DEFAULT_REPLAY_WINDOW_SEC) * 1000;
  if (sentAt === null || Math.abs(now - sentAt) > windowMs) return false;
  return sameSecret(withoutPrefix(signature), hmacHex(secret, `${timestamp.trim()}.${rawBody}`));
}

/**
 * What makes a redelivery return the first run. A signed delivery is its own key: replaying a captured request (with
 * any Idempotency-Key an attacker likes, since no header but the signature is signed) finds the first run instead of
 * creating another issue. A bearer delivery proves nothing about its body, so its sender's Idempotency-Key is all there is.
 */
function deliveryKey(trigger: RoutineTrigger, headers: Headers): string | null {
  if (trigger.signingMode === "bearer") return headers.get("idempotency-key")?.trim().slice(0, 255) || null;
  const signature = signatureHeader(trigger, headers) ?? "";
  return `signature:${createHash("sha256").update(withoutPrefix(signature)).digest("hex")}`;
}

/**
 * A webhook delivery: checked before anything is read or written, so a bad one records nothing; failures spend the
 * caller's unauthenticated budget like any bad credential. The body becomes the run's payload and fills variables;
 * a redelivery returns the first run (deliveryKey).
 */
export async function fireWebhook(publicId: string, request: WebhookRequest) {
  const trigger = await db.routineTrigger.findFirst({ where: { publicId, kind: "webhook" } });
  if (!trigger || !verifyWebhookSignature(trigger, request.headers, request.rawBody)) {
    const decision = unauthenticatedLimiter().take(request.clientIp);
    if (!decision.allowed) throw new TooManyRequests(decision.retryAfterSeconds);
    if (!trigger) throw new NotFound("Routine trigger");
    throw new Unauthorized("The webhook signature is missing, wrong or outside the replay window", "webhook_signature_invalid");
  }
  if (!trigger.enabled) throw new Conflict("This webhook trigger is disabled", "routine_trigger_disabled");
  const idempotencyKey = deliveryKey(trigger, request.headers);
  const { run, issue } = await fireRoutine(trigger.routineId, {
    source: "webhook",
    triggerId: trigger.id,
    idempotencyKey,
    payload: request.payload,
    actor: null,
  });
  return { runId: run.id, status: run.status, issueId: issue?.id ?? run.linkedIssueId };
}
