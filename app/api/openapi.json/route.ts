import { defineRoutes, operation } from "@/lib/api/route";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { routeModules } from "../route-manifest";

export const dynamic = "force-dynamic";

export const { GET } = defineRoutes("/api/openapi.json", {
  GET: operation({
    summary: "OpenAPI document",
    description: "Generated from the route registry and its zod schemas.",
    tags: ["meta"],
    auth: "public",
    handler: () => buildOpenApiDocument(routeModules),
  }),
});
