import { defineRoutes, operation } from "@/lib/api/route";
import { checkHealth } from "@/lib/health/health";

export const dynamic = "force-dynamic";

export const { GET } = defineRoutes("/api/health", {
  GET: operation({
    summary: "Health check",
    description: "Database reachability, version and migration state. 503 with `error: database_unreachable` when the database cannot answer.",
    tags: ["health"],
    auth: "public",
    handler: async () => {
      const health = await checkHealth();
      return Response.json(health.body, { status: health.status, headers: health.status === 503 ? { "retry-after": "5" } : {} });
    },
  }),
});
