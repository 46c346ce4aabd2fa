// Walks every operation in /api/openapi.json with over 10,000 malformed requests — NUL bytes, JSON nested 5,000
// deep, huge strings, arrays and numbers, bad encodings, wrong content types and methods, unknown paths, oversized
// headers, another company's ids — and fails on any 5xx or any 4xx that is not a complete problem+json. Routes added
// later are covered automatically. Requests go over plain node:http, eight at a time, so the bytes on the wire are
// exactly the ones built here (no URL normalization, no cookies, raw body bytes).
import { randomUUID } from "node:crypto";
import http from "node:http";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminBoardKey, bearer, json, operations, seedCompany, type OpenApi, type Operation, type SeededCompany } from "../support";
import { DEEP_ARRAY, DEEP_OBJECT, MAX_UUID, NIL_UUID, encode, example, fields, hostileValues, variant, withValue } from "./fuzz-inputs";

/**
 * One request; `expected` when only those statuses are right, `refused` when it must be a 4xx, `ignores` when a 2xx
 * must name exactly that field in X-Switchboard-Ignored-Fields.
 */
type Probe = {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  expected?: number[];
  refused?: boolean;
  ignores?: string;
};
type Reply = { status: number; contentType: string; text: string; ignoredFields: string };

const CONCURRENCY = 8;
const MIN_PROBES = 10_000;
const MIB = 1024 * 1024;
const JSON_TYPE = { "content-type": "application/json" };
// An array is no operation's body, so every operation refuses it, Paperclip-shared ones (which drop unknown fields) too.
const JUNK = Buffer.from("[true]");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/**
 * Path parameter values as they go on the wire. `segment` ones are not valid UTF-8 once decoded, or are dot segments:
 * the HTTP layer answers them (400/404 problem) before any route sees them.
 */
const PATH_VALUES: { label: string; value: string; refused?: boolean; segment?: boolean }[] = [
  { label: "not a uuid", value: "not-a-uuid" },
  { label: "nil uuid", value: NIL_UUID },
  { label: "max uuid", value: MAX_UUID },
  { label: "sql", value: "%27%20OR%201%3D1--" },
  { label: "8 KB", value: "y".repeat(8_000) },
  { label: "direction override", value: "%E2%80%AEx%E2%81%A6y%E2%81%A9" },
  { label: "NUL", value: "%00", refused: true },
  { label: "NUL inside", value: "abc%00def", refused: true },
  { label: "double-encoded dots", value: "%252e%252e" },
  { label: "..%2f traversal", value: "..%2f..%2fetc%2fpasswd" },
  { label: "%ff%fe", value: "%ff%fe", segment: true },
  { label: "lone %", value: "%", segment: true },
  { label: "%zz", value: "%zz", segment: true },
  { label: "overlong %c0%ae", value: "%c0%ae", segment: true },
  { label: "lone surrogate bytes", value: "%ed%a0%80", segment: true },
  { label: "%2e%2e", value: "%2e%2e", segment: true },
  { label: "%2e%2e%2f%2e%2e", value: "%2e%2e%2f%2e%2e", segment: true },
];

/** Query strings with a key no operation declares or a NUL: always refused. */
const BAD_QUERIES = ["unknownParam=1", "q=%00", "%00=1", "x=%ff%fe", "x=%zz", "limit=-5&scope=%00", `${"k".repeat(4_000)}=1`, "a=1&".repeat(1_500)];

/** Values for each declared query parameter. */
const QUERY_VALUES: { label: string; value: (name: string) => string; refused?: boolean }[] = [
  { label: "NUL", value: () => "%00", refused: true },
  { label: "NUL inside", value: () => "a%00b", refused: true },
  { label: "%ff%fe", value: () => "%ff%fe" },
  { label: "lone %", value: () => "%" },
  { label: "%zz", value: () => "%zz" },
  { label: "overlong", value: () => "%c0%ae%c0%ae" },
  { label: "lone surrogate bytes", value: () => "%ed%a0%80" },
  { label: "direction override", value: () => "%E2%80%AE" },
  { label: "8 KB", value: () => "z".repeat(8_000) },
  { label: "-1", value: () => "-1" },
  { label: "1e309", value: () => "1e309" },
  { label: "huge integer", value: () => "9".repeat(40) },
  { label: "empty", value: () => "" },
  { label: "NaN", value: () => "NaN" },
  { label: "repeated", value: (name) => `a&${name}=b` },
  { label: "nil uuid", value: () => NIL_UUID },
  { label: "year 0", value: () => "0000-01-01T00:00:00Z" },
];

/** Paging cursors are base64url JSON the server issued; forged ones put each part out of its SQL type's range. */
const FORGED_CURSORS = [
  [40_000, "2025-01-01T00:00:00Z", NIL_UUID],
  [1.5, "2025-01-01T00:00:00Z", NIL_UUID],
  [1, "0000-01-01T00:00:00Z", NIL_UUID],
  [1, "2025-01-01T00:00:00Z", "not-a-uuid"],
  { rank: 1 },
].map((cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url"));

const BAD_AUTH: { label: string; headers: Record<string, string> }[] = [
  { label: "none", headers: {} },
  { label: "Bearer", headers: { authorization: "Bearer" } },
  { label: "Basic", headers: { authorization: "Basic YWRtaW46YWRtaW4=" } },
  { label: "unknown agent key", headers: { authorization: `Bearer pcp_${"z".repeat(48)}` } },
  { label: "unknown board key", headers: { authorization: `Bearer pcp_board_${"z".repeat(48)}` } },
  { label: "two tokens", headers: { authorization: "Bearer two tokens" } },
  { label: "latin-1 token", headers: { authorization: "Bearer pcp_\u00ff\u00fe\u00e9" } },
  { label: "garbage session", headers: { cookie: "next-auth.session-token=garbage" } },
  { label: "unsigned session", headers: { cookie: "next-auth.session-token=eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0." } },
];

/**
 * Whole bodies; `agentToo` ones are also sent by the agent, whose requests take other paths through the wrapper.
 * `strictOnly` ones are refused only where unknown fields are: operations Paperclip has too drop those instead.
 */
const RAW_BODIES: { label: string; text: string; refused?: boolean; agentToo?: boolean; strictOnly?: boolean }[] = [
  { label: "truncated", text: "{", refused: true, agentToo: true },
  { label: "array", text: "[]", refused: true, agentToo: true },
  { label: "string", text: '"text"', refused: true, agentToo: true },
  { label: "number", text: "42", refused: true },
  { label: "unknown field", text: '{"unexpectedField":1}', refused: true, strictOnly: true },
  { label: "two documents", text: "{}{}", refused: true },
  { label: "bare word", text: "tru", refused: true },
  { label: "duplicate unknown keys", text: '{"a":1,"a":2}', refused: true, strictOnly: true },
  { label: "NUL in an unknown field", text: '{"unexpectedField":"\\u0000"}', refused: true, agentToo: true },
  { label: "NaN", text: '{"x":NaN}', refused: true },
  { label: "NUL key", text: '{"\\u0000":1}', refused: true, agentToo: true },
  { label: "long key", text: `{"${"k".repeat(50_000)}":1}`, refused: true, strictOnly: true },
  { label: "50,000 deep", text: "[".repeat(50_000) + "]".repeat(50_000), refused: true },
  { label: "unclosed 100,000 deep", text: "[".repeat(100_000), refused: true },
  { label: "null", text: "null", agentToo: true },
  { label: "BOM", text: "\ufeff{}" },
  { label: "__proto__", text: '{"__proto__":{"polluted":true}}' },
];

/** Bodies sent with a content type other than JSON; none is valid JSON either, so refusal does not hinge on one check. */
const WRONG_CONTENT: { label: string; contentType: string; body: Buffer }[] = [
  { label: "text/plain", contentType: "text/plain", body: Buffer.from("hello") },
  {
    label: "multipart",
    contentType: "multipart/form-data; boundary=fuzz",
    body: Buffer.from('--fuzz\r\ncontent-disposition: form-data; name="title"\r\n\r\nhello\r\n--fuzz--\r\n'),
  },
  { label: "form", contentType: "application/x-www-form-urlencoded", body: Buffer.from("title=hello&a=1") },
  { label: "xml", contentType: "application/xml", body: Buffer.from("<a>1</a>") },
  { label: "json utf-16", contentType: "application/json; charset=utf-16", body: Buffer.from('{"unexpectedField":1}', "utf16le") },
  // An array, so that once decoded (the bad bytes become U+FFFD) no operation takes it, those that ignore unknown keys included.
  { label: "invalid UTF-8 bytes", contentType: "application/json", body: Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x2c, 0x22, 0xc0, 0xae, 0x22, 0x5d]) },
];

/** A seeded company with an attachment on its issue and a saved view of its owner, for the routes that name one. */
type FuzzCompany = SeededCompany & { attachmentId: string; savedViewId: string; routineId: string; routineTriggerId: string; routinePublicId: string };

/** Attaches a note to the company's issue as its agent in the run that checked the issue out; saves a view as the owner. */
async function withAttachment(request: APIRequestContext, company: SeededCompany): Promise<FuzzCompany> {
  const headers = { ...bearer(company.agentKey), "x-paperclip-run-id": company.agentRunId };
  const attachment = await json(await request.post(`/api/issues/${company.issueId}/attachments`, { headers, data: { type: "note", content: "seeded" } }), 201);
  const view = await json(
    await request.post(`/api/companies/${company.companyId}/saved-views`, {
      headers: bearer(company.ownerKey),
      data: { name: "Seeded view", query: "status=todo" },
    }),
    201,
  );
  const routine = await json(
    await request.post(`/api/companies/${company.companyId}/routines`, { headers: bearer(company.ownerKey), data: { title: "Seeded routine" } }),
    201,
  );
  const webhook = await json(await request.post(`/api/routines/${routine.id}/triggers`, { headers: bearer(company.ownerKey), data: { kind: "webhook" } }), 201);
  return {
    ...company,
    attachmentId: attachment.id,
    savedViewId: view.id,
    routineId: routine.id,
    routineTriggerId: webhook.trigger.id,
    routinePublicId: webhook.trigger.publicId,
  };
}

/** The company's own value for each path parameter; keys are spares, so no probe can revoke a key in use. */
function pathValues(company: FuzzCompany, path: string): Record<string, string> {
  const idByCollection: Record<string, string> = {
    agents: company.agentId,
    approvals: company.approvalId,
    environments: company.environmentId,
    "execution-workspaces": company.executionWorkspaceId,
    goals: company.goalId,
    issues: company.issueId,
    labels: company.labelId,
    projects: company.projectId,
    "saved-views": company.savedViewId,
    routines: company.routineId,
    "routine-triggers": company.routineTriggerId,
  };
  return {
    companyId: company.companyId,
    userId: company.ownerUserId,
    id: idByCollection[path.split("/")[2]],
    keyId: path.startsWith("/api/board-api-keys") ? company.spareOwnerKeyId : company.spareAgentKeyId,
    workspaceId: company.projectWorkspaceId,
    action: "stop",
    commentId: company.commentId,
    key: "plan",
    revisionId: company.planRevisionId,
    interactionId: company.interactionId,
    approvalId: company.approvalId,
    runId: company.agentRunId,
    operationId: company.operationId,
    invitationId: company.invitationId,
    skillId: company.skillId,
    attachmentId: company.attachmentId,
    publicId: company.routinePublicId,
    // A skill shipped with the server (skills/<name>/SKILL.md).
    name: "switchboard",
  };
}

const fill = (path: string, values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_match, name: string) => values[name]);

/** The company's id of the kind a body field names, by the field's name. */
function idFor(company: SeededCompany): (field: string) => string | undefined {
  const byName: [RegExp, string][] = [
    [/^(agentId|reportsTo|\w+AgentIds?)$/, company.agentId],
    [/^(userId|\w+UserIds?)$/, company.ownerUserId],
    [/^(parentId|issueIds?|\w+IssueIds?|\w+FromIssueId)$/, company.issueId],
    [/^projectIds?$/, company.projectId],
    [/^goalIds?$/, company.goalId],
    [/^labelIds?$/, company.labelId],
    [/^(commentId|\w+CommentId)$/, company.commentId],
    [/^(runId|\w+RunId)$/, company.agentRunId],
    [/^(projectWorkspaceId|\w+ProjectWorkspaceId)$/, company.projectWorkspaceId],
    [/^executionWorkspaceId$/, company.executionWorkspaceId],
    [/^(environmentId|\w+EnvironmentId)$/, company.environmentId],
    [/^approvalIds?$/, company.approvalId],
    [/^documentId$/, company.documentId],
    [/^(revisionId|\w+RevisionId)$/, company.planRevisionId],
    [/^(companyId|\w+CompanyId)$/, company.companyId],
  ];
  return (field) => byName.find(([pattern]) => pattern.test(field))?.[1];
}

/** Fields whose valid values the schema cannot tell; the rest of each body is synthesized. */
const KNOWN_VALUES: Record<string, Record<string, unknown>> = {
  "POST /api/companies/{companyId}/labels": { color: "#22c55e" },
  "POST /api/issues/{id}/attachments": { type: "note", content: "fuzz" },
  "POST /api/issues/{id}/checkout": { expectedStatuses: ["todo", "in_progress"] },
  "PUT /api/companies/{companyId}/workflow": { source: "settings:\n  initial_state: todo\nstates:\n  todo: {}\n" },
  "POST /api/companies/{companyId}/workflow/validate": { source: "settings:\n  initial_state: todo\nstates:\n  todo: {}\n" },
  "PUT /api/projects/{id}/workflow": { source: "settings:\n  initial_state: todo\nstates:\n  todo: {}\n" },
  "POST /api/projects/{id}/workflow/validate": { source: "settings:\n  initial_state: todo\nstates:\n  todo: {}\n" },
};

/**
 * Instance-admin operations whose field probes the admin sends, so hostile values that pass validation reach their
 * domain code: what they create is new, and the only user they change is the fuzz company's owner.
 */
const ADMIN_OPERATIONS = new Set(["POST /api/companies", "POST /api/users", "PATCH /api/users/{userId}"]);

/** Operations whose body limit is far above the default 1 MiB, so the "too large" probes do not apply. */
const LARGE_BODY_OPERATIONS = new Set(["POST /api/companies/{companyId}/imports/preview", "POST /api/companies/{companyId}/imports/apply"]);

type Actors = { owner: Record<string, string>; agent: Record<string, string>; admin: Record<string, string>; session: Record<string, string> };

/** Every probe for one operation; `home` is the fuzz company, `foreign` another company the actors cannot reach. */
function* operationProbes(op: Operation, home: FuzzCompany, foreign: FuzzCompany, actors: Actors): Generator<Probe> {
  const name = `${op.method} ${op.path}`;
  const own = pathValues(home, op.path);
  const theirs = pathValues(foreign, op.path);
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
  for (const param of params) expect(own[param], `${name}: add {${param}} to pathValues in e2e/api/fuzz.spec.ts`).toBeTruthy();
  const url = fill(op.path, own);
  const actor = op.auth === "agent" ? actors.agent : actors.owner;
  const mutation = op.method !== "GET";
  const variants = op.body ? (op.body.oneOf ?? [op.body]) : [];
  const bases = variants.map((schema) => ({ ...(example(schema, "body", idFor(home)) as object), ...KNOWN_VALUES[name] }));
  // The body sent when the probe is elsewhere: a plausible one, or — where the operation takes none — one it refuses,
  // so that a path or query value the schemas accept cannot carry out a DELETE or release for real.
  const body = bases.length ? encode(bases[0]) : mutation ? JUNK : undefined;
  const withBody = (headers: Record<string, string>) => (body ? { ...headers, ...JSON_TYPE } : headers);

  for (const param of params) {
    for (const { label, value, refused, segment } of PATH_VALUES) {
      yield {
        label: `[path ${segment ? "segment" : "param"}] ${name} ${param}=${label}`,
        method: op.method,
        path: fill(op.path, { ...own, [param]: value }),
        headers: withBody(actor),
        body,
        refused,
        // A webhook (signature) route's bad deliveries spend the per-IP unauthenticated budget, which the fuzz's own
        // credential-less probes run down, so its refusal may be 429 instead.
        expected: segment ? (op.auth === "signature" ? [400, 404, 429] : [400, 404]) : undefined,
      };
    }
    if (theirs[param] !== own[param]) {
      // A user may belong to both companies (a probe may even have added one), so only other ids must be refused.
      const path = fill(op.path, { ...own, [param]: theirs[param] });
      yield { label: `[foreign id] ${name} ${param}`, method: op.method, path, headers: withBody(actor), body, refused: param !== "userId" };
    }
  }
  if (params.some((param) => theirs[param] !== own[param])) {
    yield { label: `[foreign id] ${name} every param`, method: op.method, path: fill(op.path, theirs), headers: withBody(actor), body, refused: true };
  }
  if (params.includes("companyId")) {
    // An instance admin reaches every company, so for them a company that does not exist must be a 404 too.
    const path = fill(op.path, { ...own, companyId: randomUUID() });
    yield { label: `[unknown company] ${name}`, method: op.method, path, headers: withBody(actors.admin), body, expected: [404] };
  }

  for (const query of BAD_QUERIES) {
    yield { label: `[query] ${name} ?${query.slice(0, 30)}`, method: op.method, path: `${url}?${query}`, headers: withBody(actor), body, refused: true };
  }
  for (const parameter of op.query) {
    for (const { label, value, refused } of QUERY_VALUES) {
      yield {
        label: `[query param] ${name} ${parameter}=${label}`,
        method: op.method,
        path: `${url}?${parameter}=${value(parameter)}`,
        headers: withBody(actor),
        body,
        refused,
      };
    }
    if (parameter === "cursor") {
      for (const cursor of FORGED_CURSORS) {
        yield {
          label: `[query param] ${name} cursor=forged ${cursor.slice(0, 12)}`,
          method: op.method,
          path: `${url}?cursor=${cursor}`,
          headers: withBody(actor),
          body,
          refused: true,
        };
      }
    }
    if (/Ids?$/.test(parameter)) {
      yield {
        label: `[query param] ${name} ${parameter}=foreign id`,
        method: op.method,
        path: `${url}?${parameter}=${idFor(foreign)(parameter) ?? foreign.companyId}`,
        headers: withBody(actor),
        body,
      };
    }
  }

  for (const { label, headers } of BAD_AUTH) {
    yield { label: `[auth] ${name} ${label}`, method: op.method, path: url, headers: withBody(headers), body, refused: op.auth !== "public" };
  }
  for (const runId of ["../../etc", "caf\u00e9"]) {
    const headers = { ...actors.agent, "x-paperclip-run-id": runId };
    yield { label: `[run id] ${name} ${runId.slice(0, 12)}`, method: op.method, path: url, headers: withBody(headers), body, refused: op.auth !== "public" };
  }
  if (!mutation) return;

  for (const { label, text, refused, agentToo, strictOnly } of RAW_BODIES) {
    // A body the wrapper may take for "none" (null is read as {}) would carry out a DELETE or release for real.
    if (!refused && !op.body) continue;
    if (strictOnly && op.paperclip) continue;
    for (const who of op.auth !== "board" && agentToo ? [actor, actors.agent] : [actor]) {
      const by = who === actors.agent ? "agent" : "board";
      yield {
        label: `[raw body] ${name} ${label} by ${by}`,
        method: op.method,
        path: url,
        headers: { ...who, ...JSON_TYPE },
        body: Buffer.from(text),
        refused,
      };
    }
  }
  if (op.paperclip && bases.length) {
    // What real Paperclip clients do: a plausible body with a field we do not declare. Answered, and the field named.
    yield {
      label: `[unknown field] ${name} beside a plausible body`,
      method: op.method,
      path: url,
      headers: { ...actor, ...JSON_TYPE },
      body: encode({ ...bases[0], unexpectedField: 1 }),
      ignores: "unexpectedField",
    };
  }
  for (const { label, contentType, body: sent } of WRONG_CONTENT) {
    yield {
      label: `[content type] ${name} ${label}`,
      method: op.method,
      path: url,
      headers: { ...actor, "content-type": contentType },
      body: sent,
      refused: true,
    };
  }
  // A signed-in browser may only send JSON: anything else is 415 before the body is read. Signed operations (a routine's
  // webhook) read no session, so a cookie changes nothing there.
  for (const contentType of op.auth === "agent" || op.auth === "signature"
    ? []
    : ["text/plain", "multipart/form-data; boundary=fuzz", "application/x-www-form-urlencoded"]) {
    yield {
      label: `[content type] session ${name} ${contentType}`,
      method: op.method,
      path: url,
      headers: { ...actors.session, "content-type": contentType },
      body: JUNK,
      expected: [415],
    };
  }
  for (const [label, deep] of [
    ["array", DEEP_ARRAY],
    ["object", DEEP_OBJECT],
  ] as const) {
    yield { label: `[deep body] ${name} ${label}`, method: op.method, path: url, headers: { ...actor, ...JSON_TYPE }, body: deep.bytes, refused: true };
  }
  // Import bodies carry a whole company bundle (up to 200 MiB, lib/portability/export.ts), so 1 MiB is not too large there.
  if (!LARGE_BODY_OPERATIONS.has(name)) {
    const padding = "x".repeat(MIB + 64 * 1024);
    yield {
      label: `[too large] ${name} whole body`,
      method: op.method,
      path: url,
      headers: { ...actor, ...JSON_TYPE },
      body: encode({ ...bases[0], padding }),
      expected: [413],
    };

    const firstString = variants.length ? fields(variants[0]).find((field) => variant(field.schema).type === "string") : undefined;
    if (firstString) {
      const large = encode(withValue(variants[0], bases[0], firstString.path, padding, idFor(home)));
      yield {
        label: `[too large] ${name} ${firstString.path.join(".")}`,
        method: op.method,
        path: url,
        headers: { ...actor, ...JSON_TYPE },
        body: large,
        expected: [413],
      };
    }
  }

  // One hostile value in one field of an otherwise plausible body, for every field down the nested objects.
  const fieldActor = ADMIN_OPERATIONS.has(name) ? actors.admin : actor;
  for (const [index, schema] of variants.entries()) {
    const kind = variants.length > 1 ? ` [variant ${index}]` : "";
    for (const field of fields(schema)) {
      const isList = variant(field.schema).type === "array";
      for (const hostile of hostileValues(field.schema, idFor(foreign)(field.name), isList, field.path.length > 1)) {
        yield {
          label: `[field] ${name}${kind} ${field.path.join(".")}=${hostile.label}`,
          method: op.method,
          path: url,
          headers: { ...fieldActor, ...JSON_TYPE },
          body: encode(withValue(schema, bases[index], field.path, hostile.value, idFor(home))),
          refused: hostile.refused,
        };
      }
    }
  }
}

/** Per path rather than per operation: methods it does not have, and paths under it that do not exist. */
function* pathProbes(path: string, declared: string[], home: FuzzCompany, actors: Actors): Generator<Probe> {
  const url = fill(path, pathValues(home, path));
  for (const method of METHODS.filter((candidate) => !declared.includes(candidate))) {
    const body = method === "GET" ? undefined : JUNK;
    yield {
      label: `[wrong method] ${method} ${path}`,
      method,
      path: url,
      headers: body ? { ...actors.owner, ...JSON_TYPE } : actors.owner,
      body,
      expected: [405],
    };
  }
  yield { label: `[unknown path] GET ${path}/…`, method: "GET", path: `${url}/zz-unknown/zz-unknown`, headers: actors.owner, expected: [404] };
}

const UNKNOWN_PATHS = [
  "/api/zz-unknown",
  "/api/companies/zz/zz/zz/zz",
  "/api/%ff%fe",
  "/api/%2e%2e/%2e%2e/etc/passwd",
  "/api/..%2f..%2fetc%2fpasswd",
  "/api/%00",
  "/api/%c0%ae%c0%ae/",
];

function send(agent: http.Agent | false, base: URL, probe: Probe, retry = true): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        hostname: base.hostname,
        port: base.port,
        method: probe.method,
        path: probe.path,
        headers: { ...probe.headers, ...(probe.body ? { "content-length": String(probe.body.length) } : {}) },
        timeout: 20_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers["content-type"] ?? ""),
            text: Buffer.concat(chunks).toString("utf8"),
            ignoredFields: String(response.headers["x-switchboard-ignored-fields"] ?? ""),
          }),
        );
      },
    );
    // A stream that opened would never end, and a server that never answers is a failure too.
    request.on("timeout", () => request.destroy(new Error("no answer within 20 s")));
    request.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server had already closed: the request never reached it, so send it again.
      if (retry && request.reusedSocket && error.code === "ECONNRESET") resolve(send(agent, base, probe, false));
      else reject(error);
    });
    request.end(probe.body);
  });
}

/** Why the reply is wrong for the probe, or null when it is right. */
function verdict(probe: Probe, reply: Reply): string | null {
  const { status, contentType, text } = reply;
  if (status >= 500) return `${status} ${text.slice(0, 300)}`;
  if (probe.expected && !probe.expected.includes(status)) return `${status}, expected ${probe.expected.join(" or ")}: ${contentType} ${text.slice(0, 120)}`;
  if (probe.refused && (status < 400 || status >= 500)) return `${status}, expected a 4xx: ${text.slice(0, 120)}`;
  if (probe.ignores && status < 300 && reply.ignoredFields !== probe.ignores)
    return `${status} with X-Switchboard-Ignored-Fields "${reply.ignoredFields}", expected "${probe.ignores}"`;
  if (status < 400) return null;
  if (!contentType.includes("application/problem+json")) return `${status} with content-type ${contentType || "none"}: ${text.slice(0, 120)}`;
  let problem: { error?: unknown; code?: unknown; detail?: unknown; status?: unknown };
  try {
    problem = JSON.parse(text);
  } catch {
    return `${status} problem+json that is not JSON: ${text.slice(0, 120)}`;
  }
  if (typeof problem.error !== "string" || typeof problem.code !== "string" || typeof problem.detail !== "string" || problem.status !== status)
    return `incomplete problem ${text.slice(0, 200)}`;
  return null;
}

test("every operation answers over 10,000 malformed requests with 4xx problem+json, never 5xx", async ({ request, baseURL }) => {
  test.setTimeout(240_000);
  const adminKey = await adminBoardKey(request, baseURL!);
  // Two companies of the fuzz's own: one it aims at, and one whose ids must stay out of its reach.
  const run = randomUUID().slice(0, 8);
  const home = await withAttachment(request, await seedCompany(request, adminKey, baseURL!, `Fuzz Home ${run}`));
  const foreign = await withAttachment(request, await seedCompany(request, adminKey, baseURL!, `Fuzz Foreign ${run}`));
  const cookies = (await request.storageState()).cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  const actors: Actors = {
    owner: bearer(home.ownerKey),
    agent: { ...bearer(home.agentKey), "x-paperclip-run-id": home.agentRunId },
    admin: bearer(adminKey),
    session: { cookie: cookies, origin: baseURL! },
  };
  const doc: OpenApi = await (await request.get("/api/openapi.json")).json();
  const ops = operations(doc);
  expect(ops.length).toBeGreaterThan(100);

  function* allProbes(): Generator<Probe> {
    for (const op of ops) yield* operationProbes(op, home, foreign, actors);
    for (const [path, methods] of Object.entries(doc.paths))
      yield* pathProbes(
        path,
        Object.keys(methods).map((method) => method.toUpperCase()),
        home,
        actors,
      );
    for (const path of UNKNOWN_PATHS) yield { label: `[unknown path] GET ${path}`, method: "GET", path, headers: actors.owner, expected: [400, 404] };
  }

  const started = Date.now();
  const failures = new Map<string, string[]>();
  // Replies per input class, by status class, for the summary line.
  const tally = new Map<string, Map<string, number>>();
  let sent = 0;
  const record = (probe: Probe, outcome: Reply | Error) => {
    sent += 1;
    const kind = probe.label.slice(0, probe.label.indexOf("]") + 1);
    const statuses = tally.get(kind) ?? new Map<string, number>();
    const group = outcome instanceof Error ? "no answer" : `${Math.floor(outcome.status / 100)}xx`;
    tally.set(kind, statuses.set(group, (statuses.get(group) ?? 0) + 1));
    const problem = outcome instanceof Error ? `no answer: ${outcome.message}` : verdict(probe, outcome);
    if (problem) failures.set(kind, [...(failures.get(kind) ?? []), `${probe.label}: ${problem}`]);
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const base = new URL(baseURL!);
  const queue = allProbes();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let next = queue.next(); !next.done; next = queue.next()) record(next.value, await send(agent, base, next.value).catch((error: Error) => error));
    }),
  );
  agent.destroy();
  // The server closes the connection after refusing headers this large, so these go last, on their own connections.
  const hugeHeaders: Record<string, string>[] = [{ "x-fuzz": "h".repeat(100_000) }, { ...actors.owner, cookie: `c=${"c".repeat(100_000)}` }];
  for (const headers of hugeHeaders) {
    const probe: Probe = {
      label: `[huge header] GET /api/companies ${Object.keys(headers).at(-1)}`,
      method: "GET",
      path: "/api/companies",
      headers,
      expected: [431],
    };
    // A server that closes with our unread header bytes still queued resets the connection, which can swallow its
    // answer; a second try tells that race from a server that never answers.
    record(probe, await send(false, base, probe).catch(() => send(false, base, probe).catch((error: Error) => error)));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const groups = (statuses: Map<string, number>) => [...statuses].map(([group, count]) => `${count} × ${group}`).join(", ");
  const total = new Map<string, number>();
  for (const statuses of tally.values()) for (const [group, count] of statuses) total.set(group, (total.get(group) ?? 0) + count);
  console.log(`fuzz: ${sent} malformed requests over ${ops.length} operations in ${seconds} s (${groups(total)})`);
  for (const [kind, statuses] of tally) console.log(`  ${kind} ${[...statuses.values()].reduce((a, b) => a + b)}: ${groups(statuses)}`);

  const everyFailure = [...failures.values()].flat();
  if (everyFailure.length) await test.info().attach("every failure", { body: everyFailure.join("\n"), contentType: "text/plain" });
  const report = [...failures].map(([kind, lines]) => `${kind} ${lines.length} failing, e.g.\n  ${lines.slice(0, 8).join("\n  ")}`).join("\n");
  expect(report, report).toBe("");
  expect(sent).toBeGreaterThanOrEqual(MIN_PROBES);
  // A probe that had locked out the fuzz's own actors would have hollowed out every probe after it.
  expect((await request.get(`/api/companies/${home.companyId}`, { headers: actors.owner })).status()).toBe(200);
  expect((await request.get(`/api/issues/${home.issueId}`, { headers: actors.owner })).status()).toBe(200);
  expect((await request.get("/api/agents/me", { headers: bearer(home.agentKey) })).status()).toBe(200);
});

test("validation errors name each bad field; an unknown one on a route Paperclip has too is named in a header instead", async ({ request, baseURL }) => {
  const token = await adminBoardKey(request, baseURL!);
  const response = await request.post("/api/companies", { headers: bearer(token), data: { name: "", budgetMonthlyCents: "lots", surprise: 1 } });
  expect(response.status()).toBe(400);
  const problem = await response.json();
  expect(problem.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["body.budgetMonthlyCents", "body.name"]);
  expect(response.headers()["x-switchboard-ignored-fields"]).toBe("surprise");
});
