// Any /api path no route file matches (Next prefers every other route over this catch-all): a 404 problem for every
// method, instead of Next's HTML page. Not an operation, so it stays out of the route manifest and the OpenAPI document.
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { problemResponse } from "@/lib/api/problem";
import { DomainError } from "@/lib/errors";

export const dynamic = "force-dynamic";

function routeNotFound(request: NextRequest): Response {
  const error = new DomainError(404, "route_not_found", `No API route at ${request.nextUrl.pathname}`, {
    invalidParams: [{ name: "path", reason: "No API route has this path" }],
  });
  return problemResponse(error, randomUUID());
}

export { routeNotFound as GET, routeNotFound as POST, routeNotFound as PUT, routeNotFound as PATCH, routeNotFound as DELETE, routeNotFound as OPTIONS };
