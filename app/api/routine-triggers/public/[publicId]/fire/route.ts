import { clientIp } from "@/lib/api/client-ip";
import { defineRoutes, operation } from "@/lib/api/route";
import { FIRE_WEBHOOK_ERRORS, fireWebhook } from "@/lib/routines/webhook";
import { publicTriggerParams, webhookBody } from "@/lib/schemas/routines";

export const { POST } = defineRoutes("/api/routine-triggers/public/{publicId}/fire", {
  POST: operation({
    summary: "Fire a routine's webhook",
    description:
      'No session or key: the request proves itself. hmac_sha256 triggers: X-Switchboard-Signature (or X-Paperclip-Signature) = sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>"> ' +
      "with X-Switchboard-Timestamp (or X-Paperclip-Timestamp) in unix seconds within the replay window; github_hmac: X-Hub-Signature-256 over the raw body; " +
      "bearer: Authorization: Bearer <secret>. A bad signature is 401 and records nothing. The JSON body is the run's payload and fills the routine's variables; Idempotency-Key dedupes deliveries.",
    tags: ["routines"],
    auth: "signature",
    params: publicTriggerParams,
    body: webhookBody,
    status: 202,
    errors: FIRE_WEBHOOK_ERRORS,
    handler: ({ params, body, rawBody, request }) =>
      fireWebhook(params.publicId, { headers: request.headers, rawBody: rawBody ?? "", payload: body ?? null, clientIp: clientIp(request.headers) }),
  }),
});
