// Server prefetch calls the route's own GET in-process with the page request's cookie: the same authentication,
// company scoping and parameters as the browser's fetch, against the real database.
import { QueryClient } from "@tanstack/react-query";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createIssue, issueWorld } from "@/tests/support/issues";
import { seedCompany, seedUser, sessionCookie } from "@/tests/support/fixtures";

// The page request's headers, as next/headers would hand them to a server component.
let pageHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => pageHeaders }));

const { apiGetOnServer, serverJson } = await import("./prefetch");

describe("apiGetOnServer", () => {
  beforeEach(() => {
    pageHeaders = new Headers();
  });

  it("reads an issue by its identifier with the page's session cookie, and a filtered list with its query string", async () => {
    const { company, board } = await issueWorld();
    const todo = await createIssue(company.id, board.token, { title: "Prefetched", status: "todo" });
    await createIssue(company.id, board.token, { title: "Left out", status: "backlog" });
    pageHeaders = new Headers({ cookie: await sessionCookie(board.user.id) });

    const issue = await apiGetOnServer<{ id: string; title: string }>(`/api/issues/${encodeURIComponent(todo.json.identifier)}`);
    expect(issue?.data).toMatchObject({ id: todo.json.id, title: "Prefetched" });
    expect(issue?.headers.get("content-type")).toMatch(/json/);

    const list = await apiGetOnServer<{ title: string }[]>(`/api/companies/${company.id}/issues?status=todo`);
    expect(list?.data.map((row) => row.title)).toEqual(["Prefetched"]);
  });

  it("gives null without a session, for another company's data, and for a missing record", async () => {
    const { company, board } = await issueWorld();
    const created = await createIssue(company.id, board.token, { title: "Private" });
    expect(await apiGetOnServer(`/api/issues/${created.json.id}`)).toBeNull();

    const other = await seedCompany();
    const outsider = await seedUser({ memberships: { [other.id]: "owner" } });
    pageHeaders = new Headers({ cookie: await sessionCookie(outsider.user.id) });
    expect(await apiGetOnServer(`/api/issues/${created.json.id}`)).toBeNull();
    expect(await apiGetOnServer(`/api/companies/${company.id}/issues`)).toBeNull();
    expect(await apiGetOnServer(`/api/issues/${other.issuePrefix}-999`)).toBeNull();
  });

  it("prefers a static segment over a [param] one, and refuses paths no route answers", async () => {
    const company = await seedCompany();
    const owner = await seedUser({ memberships: { [company.id]: "owner" } });
    pageHeaders = new Headers({ cookie: await sessionCookie(owner.user.id) });
    // /skills/import (POST only) outranks /skills/[skillId], whose GET would have answered a 404 here.
    await expect(apiGetOnServer(`/api/companies/${company.id}/skills/import`)).rejects.toThrow(/has no GET/);
    await expect(apiGetOnServer("/api/no/such/route/here")).rejects.toThrow(/No API route answers/);
  });

  it("leaves a failed query out of the dehydrated cache, so the browser fetches it itself", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await client.prefetchQuery({ queryKey: ["missing"], queryFn: serverJson("/api/issues/00000000-0000-0000-0000-000000000000") });
    expect(client.getQueryData(["missing"])).toBeUndefined();
    expect(client.getQueryState(["missing"])?.status).toBe("error");
  });
});
