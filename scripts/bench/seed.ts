// Bulk seeding straight into the launcher's embedded PostgreSQL. Numbers and identifiers come from the company's
// issue_counter, bumped in the same statement, exactly as the API's createIssue would leave them.
import pg from "pg";

export const SEARCH_WORD = "kestrel";

/** A deterministic vocabulary: some product words plus made-up ones, none of them the search word. */
export function vocabulary(): string[] {
  const product = [
    "deploy",
    "cache",
    "migration",
    "latency",
    "webhook",
    "billing",
    "invoice",
    "login",
    "token",
    "queue",
    "retry",
    "timeout",
    "schema",
    "index",
    "dashboard",
    "report",
    "export",
    "import",
    "search",
    "filter",
    "upload",
    "refund",
    "email",
    "signup",
    "checkout",
    "cart",
    "session",
    "profile",
    "settings",
    "audit",
    "backup",
    "restore",
    "rollback",
    "release",
    "hotfix",
    "crash",
    "memory",
    "leak",
    "render",
    "layout",
    "mobile",
    "tablet",
    "desktop",
    "api",
    "client",
    "server",
    "worker",
    "cron",
    "metrics",
    "alert",
    "oncall",
    "pager",
    "budget",
    "forecast",
    "pricing",
    "plan",
    "tier",
    "quota",
    "limit",
    "throttle",
    "proxy",
    "dns",
  ];
  const onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gl", "pl", "tr", "sn"];
  const vowels = ["a", "e", "i", "o", "u"];
  const codas = ["", "n", "r", "l", "m", "x"];
  const made: string[] = [];
  let state = 7;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648);
  while (made.length < 340) {
    const syllables = 2 + (next() % 2);
    let word = "";
    for (let i = 0; i < syllables; i += 1) word += onsets[next() % onsets.length] + vowels[next() % vowels.length] + codas[next() % codas.length];
    if (!made.includes(word) && !word.includes(SEARCH_WORD)) made.push(word);
  }
  return [...product, ...made];
}

function words(count: number, vocabularyParam: string, size: number): string {
  return Array.from({ length: count }, () => `(${vocabularyParam})[1 + floor(random() * ${size})::int]`).join(" || ' ' || ");
}

export async function connect(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/** `count` unassigned todo issues; returns their ids in number order. */
export async function seedTodoIssues(client: pg.Client, companyId: string, count: number, titlePrefix: string): Promise<string[]> {
  const { rows } = await client.query<{ id: string; number: number }>(
    `WITH c AS (
       UPDATE companies SET issue_counter = issue_counter + $2::int, updated_at = now() WHERE id = $1::uuid
       RETURNING issue_counter - $2::int AS base, issue_prefix
     )
     INSERT INTO issues (company_id, number, identifier, title, status, priority, priority_rank, created_at, updated_at)
     SELECT $1::uuid, c.base + g, c.issue_prefix || '-' || (c.base + g), $3 || ' ' || g, 'todo', 'medium', 2, now(), now()
     FROM c, generate_series(1, $2::int) AS g
     ORDER BY g
     RETURNING id, number`,
    [companyId, count, titlePrefix],
  );
  return rows.sort((a, b) => a.number - b.number).map((row) => row.id);
}

export type ScaleSeed = { issues: number; comments: number; relations: number; seconds: number; searchWordIssueTitles: number; searchWordComments: number };

/**
 * `issueCount` issues over `assignees` (80 %) and nobody (20 %), a status and priority mix, 1–5 comments per issue
 * (3 on average), a blocker chain on every 20th issue, then VACUUM ANALYZE so plans see a settled table.
 */
export async function seedAtScale(
  client: pg.Client,
  input: { companyId: string; userId: string; assignees: string[]; issueCount: number; log: (m: string) => void },
): Promise<ScaleSeed> {
  const started = Date.now();
  const vocab = vocabulary();
  const v = "$3::text[]";
  await client.query("SET synchronous_commit = off");
  await client.query("SELECT setseed(0.4242)");
  const { rows: baseRows } = await client.query<{ base: number }>(
    "UPDATE companies SET issue_counter = issue_counter + $2::int, updated_at = now() WHERE id = $1::uuid RETURNING issue_counter - $2::int AS base",
    [input.companyId, input.issueCount],
  );
  const base = baseRows[0].base;
  input.log(`seeding ${input.issueCount} issues (numbers ${base + 1}..${base + input.issueCount})…`);
  await client.query(
    `WITH r AS MATERIALIZED (
       SELECT g, random() AS rs, random() AS rp, random() AS ra, random() AS rt, random() AS rd FROM generate_series(1, $2::int) AS g
     ),
     s AS MATERIALIZED (
       SELECT r.g,
              CASE WHEN rs < 0.10 THEN 'backlog' WHEN rs < 0.40 THEN 'todo' WHEN rs < 0.55 THEN 'in_progress' WHEN rs < 0.65 THEN 'in_review'
                   WHEN rs < 0.90 THEN 'done' WHEN rs < 0.95 THEN 'blocked' ELSE 'cancelled' END AS status,
              (CASE WHEN rp < 0.05 THEN 0 WHEN rp < 0.25 THEN 1 WHEN rp < 0.75 THEN 2 ELSE 3 END)::smallint AS rank,
              CASE WHEN ra < 0.8 THEN ($4::uuid[])[1 + floor(ra / 0.8 * cardinality($4::uuid[]))::int] END AS agent,
              now() - rt * interval '90 days' AS ts,
              rd
       FROM r
     )
     INSERT INTO issues (company_id, number, identifier, title, description, status, priority, priority_rank, assignee_agent_id, created_by_user_id,
                         started_at, completed_at, cancelled_at, created_at, updated_at)
     SELECT $1::uuid, $5::int + s.g, c.issue_prefix || '-' || ($5::int + s.g),
            initcap(${words(1, v, vocab.length)}) || ' ' || ${words(3, v, vocab.length)} || CASE WHEN random() < 0.004 THEN ' ${SEARCH_WORD}' ELSE '' END,
            CASE WHEN s.rd < 0.5 THEN ${words(14, v, vocab.length)} END,
            s.status, (ARRAY['critical', 'high', 'medium', 'low'])[s.rank + 1], s.rank, s.agent, $6::uuid,
            CASE WHEN s.status IN ('in_progress', 'in_review', 'done', 'blocked') THEN s.ts - interval '2 hours' END,
            CASE WHEN s.status = 'done' THEN s.ts END,
            CASE WHEN s.status = 'cancelled' THEN s.ts END,
            s.ts - interval '3 days', s.ts
     FROM s, companies c WHERE c.id = $1::uuid
     ORDER BY s.g`,
    [input.companyId, input.issueCount, vocab, input.assignees, base, input.userId],
  );
  input.log(`issues in ${((Date.now() - started) / 1000).toFixed(1)} s; seeding comments…`);
  // A bulk load rebuilds the per-issue comment search vectors once afterwards instead of row by row.
  await client.query(`ALTER TABLE issue_comments DISABLE TRIGGER issue_comments_search`);
  const { rowCount: comments } = await client.query(
    `INSERT INTO issue_comments (company_id, issue_id, body, author_agent_id, author_user_id, created_at, updated_at)
     SELECT i.company_id, i.id,
            ${words(12, v, vocab.length)} || CASE WHEN random() < 0.003 THEN ' ${SEARCH_WORD} ' || ${words(2, v, vocab.length)} ELSE '' END,
            CASE WHEN k % 2 = 1 THEN i.assignee_agent_id END,
            CASE WHEN k % 2 = 0 OR i.assignee_agent_id IS NULL THEN $4::uuid END,
            i.created_at + k * interval '1 hour', i.created_at + k * interval '1 hour'
     FROM issues i CROSS JOIN LATERAL generate_series(1, 1 + (i.number % 5)) AS k
     WHERE i.company_id = $1::uuid AND i.number > $2::int`,
    [input.companyId, base, vocab, input.userId],
  );
  await client.query(
    `UPDATE issue_search s SET comments = c.vector
       FROM (SELECT issue_id, to_tsvector('simple', string_agg(body, ' ')) AS vector FROM issue_comments WHERE company_id = $1::uuid GROUP BY issue_id) c
      WHERE c.issue_id = s.issue_id`,
    [input.companyId],
  );
  await client.query(`ALTER TABLE issue_comments ENABLE TRIGGER issue_comments_search`);
  const { rowCount: relations } = await client.query(
    `INSERT INTO issue_relations (company_id, issue_id, blocked_by_issue_id)
     SELECT a.company_id, a.id, b.id FROM issues a JOIN issues b ON b.company_id = a.company_id AND b.number = a.number - 1
     WHERE a.company_id = $1::uuid AND a.number > $2::int + 1 AND a.number % 20 = 0`,
    [input.companyId, base],
  );
  input.log(`comments and relations in ${((Date.now() - started) / 1000).toFixed(1)} s; VACUUM ANALYZE…`);
  await client.query("VACUUM (ANALYZE) issues");
  await client.query("VACUUM (ANALYZE) issue_comments");
  await client.query("VACUUM (ANALYZE) issue_relations");
  await client.query("VACUUM (ANALYZE) issue_search");
  const { rows: counts } = await client.query<{ titles: number; comments: number }>(
    `SELECT (SELECT count(*) FROM issue_search WHERE company_id = $1::uuid AND fields @@ to_tsquery('simple', $2))::int AS titles,
            (SELECT count(*) FROM issue_search WHERE company_id = $1::uuid AND comments @@ to_tsquery('simple', $2))::int AS comments`,
    [input.companyId, SEARCH_WORD],
  );
  return {
    issues: input.issueCount,
    comments: comments ?? 0,
    relations: relations ?? 0,
    seconds: (Date.now() - started) / 1000,
    searchWordIssueTitles: counts[0].titles,
    searchWordComments: counts[0].comments,
  };
}
