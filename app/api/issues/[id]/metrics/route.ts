import { defineRoutes, operation } from "@/lib/api/route";
import { LOG_METRICS_ERRORS, TASK_METRICS_ERRORS, logMetrics, taskMetrics } from "@/lib/costs/ledger";
import { issueParams } from "@/lib/schemas/issues";
import { metricsBody } from "@/lib/schemas/metrics";

export const { GET, POST } = defineRoutes("/api/issues/{id}/metrics", {
  GET: operation({
    summary: "What an issue cost",
    description: "Cost and tokens of every ledger entry about the issue: run-reported and logged by agents.",
    tags: ["costs"],
    auth: "either",
    params: issueParams,
    errors: TASK_METRICS_ERRORS,
    handler: ({ actor, params }) => taskMetrics(actor, [params.id]),
  }),
  POST: operation({
    summary: "Log cost and tokens for an issue",
    description:
      "log_metrics over REST: counts against the agent's budget like run costs. Without `costUsd` the tokens are priced by the company's modelPrices. Sent with the run id, it is part of that run's adapter-reported total, which then records only the rest.",
    tags: ["costs"],
    auth: "agent",
    params: issueParams,
    body: metricsBody,
    status: 201,
    errors: LOG_METRICS_ERRORS,
    handler: ({ actor, runId, params, body }) => logMetrics(actor, runId, { ...body, task: params.id }),
  }),
});
