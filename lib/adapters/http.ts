import "server-only";
import type { Adapter } from "./types";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Webhook targets: loopback always; other hosts only when an instance admin lists them in SWITCHBOARD_HTTP_ADAPTER_HOSTS. */
export function allowedWebhookHost(url: URL): boolean {
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const allow = (process.env.SWITCHBOARD_HTTP_ADAPTER_HOSTS ?? "")
    .split(",")
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  return LOOPBACK.has(url.hostname.toLowerCase()) || allow.includes(url.hostname.toLowerCase());
}

/** `http`: POST the wake (the PAPERCLIP_* variables as JSON) to the configured URL; a 2xx answer means delivered. */
export const httpAdapter: Adapter = async (context) => {
  const failed = (error: string) => ({ status: "failed" as const, exitCode: null, error, usage: null, summary: null, sessionId: null });
  let url: URL;
  try {
    url = new URL(String(context.config.url ?? ""));
  } catch {
    return failed("adapterConfig.url is not a URL");
  }
  if (!allowedWebhookHost(url)) return failed(`Host ${url.hostname} is not allowed: loopback, or list it in SWITCHBOARD_HTTP_ADAPTER_HOSTS`);
  const controller = new AbortController();
  const timeoutMs = (typeof context.config.timeoutSec === "number" ? context.config.timeoutSec : 30) * 1000;
  const timer = setTimeout(() => controller.abort(new Error("timeout")), timeoutMs);
  void context.cancelled.then(() => controller.abort(new Error("cancelled")));
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(context.env),
      redirect: "manual",
      signal: controller.signal,
    });
    context.log(`POST ${url.origin}${url.pathname} → ${response.status}\n`);
    if (response.status >= 200 && response.status < 300)
      return { status: "succeeded", exitCode: null, error: null, usage: null, summary: null, sessionId: null };
    return failed(`Webhook answered ${response.status}${response.status >= 300 && response.status < 400 ? " (redirects are not followed)" : ""}`);
  } catch (error) {
    const reason = (controller.signal.reason as Error | undefined)?.message;
    if (reason === "cancelled") return { ...failed("Cancelled"), status: "cancelled" };
    if (reason === "timeout") return { ...failed("Timed out"), status: "timed_out" };
    return failed((error as Error).message);
  } finally {
    clearTimeout(timer);
  }
};
