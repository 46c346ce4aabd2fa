// Bulk seeding straight into the launcher's embedded PostgreSQL. Numbers and identifiers come from the company's
// issue_counter, bumped in the same statement, exactly as the API's createIssue would leave them.
import pg from "pg";

/** In about 0.4 % of titles and 0.3 % of comments: some 1.3 % of issues, ~13k at 1M, a word many issues share. */
export const SEARCH_WORD = "kestrel";
/** In one title in 10,000 and one comment in 30,000: ~0.02 % of issues, the rare word a search usually hunts for. */
export const RARE_SEARCH_WORD = "ptarmigan";

/** A deterministic vocabulary: some product words plus made-up ones, none of them a search word. */
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
    if (!made.includes(word) && !word.includes(SEARCH_WORD) && !word.includes(RARE_SEARCH_WORD)) made.push(word);
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

export type ScaleSeed = {
  issues: number;
  comments: number;
  relations: number;
  seconds: number;
  loadSeconds: number;
  indexSeconds: number;
  searchWordIssueTitles: number;
  searchWordComments: number;
  rareWordIssues: number;
  userInvolvedIssues: number;
};

/** Issues, comments and search rows are written in chunks of this many issues, one statement each, with progress. */
const SEED_CHUNK = 100_000;
/**
 * The board user's share, as in a company where agents file and discuss most work: creator of one issue in 1,000, a
 * commenter on another, @-mentioned on one in 5,000 (2,200 issues in their inbox at a million).
 */
const USER_CREATES_EVERY = 1000;
const USER_COMMENTS_EVERY = 1000;
const USER_MENTIONED_EVERY = 5000;
// Offsets of 1 modulo 5 give those issues two comments, so an agent's reply follows the user's and makes them unread.
const USER_COMMENTS_OFFSET = 501;
const USER_MENTIONED_OFFSET = 1251;
const LOADED_TABLES = ["issues", "issue_comments", "issue_search"];

/**
 * `issueCount` issues over `assignees` (80 %) and nobody (20 %), a status and priority mix, 1–5 comments per issue
 * (3 on average) by agents and now and then by the board user, a blocker chain on every 20th issue, then VACUUM and
 * ANALYZE so plans see a settled table.
 *
 * A bulk load, not the app's write path: the session runs as a replica (`session_replication_role`, the bench's
 * embedded database is its superuser's), which skips foreign-key checks and the search and inbox triggers row by row;
 * each chunk plans its comments first, so it writes its issues with the inbox's last two actors already set (what
 * `inbox_last_two_actors`, the triggers' own rule, makes of those comments), their comments and their search rows (the
 * same vectors the triggers would have built) in one statement; and the secondary indexes of the three tables are dropped first and rebuilt from their saved definitions
 * afterwards, which is several times cheaper than maintaining them for millions of rows. The database ends as the app
 * expects it: every index back, triggers untouched, search vectors and last actors complete.
 */
export async function seedAtScale(
  client: pg.Client,
  input: { companyId: string; userId: string; assignees: string[]; issueCount: number; log: (m: string) => void },
): Promise<ScaleSeed> {
  const started = Date.now();
  const vocab = vocabulary();
  const v = "$3::text[]";
  await client.query("SET synchronous_commit = off");
  await client.query("SET maintenance_work_mem = '512MB'");
  await client.query("SET work_mem = '64MB'");
  await client.query("SELECT setseed(0.4242)");
  const { rows: baseRows } = await client.query<{ base: number }>(
    "UPDATE companies SET issue_counter = issue_counter + $2::int, updated_at = now() WHERE id = $1::uuid RETURNING issue_counter - $2::int AS base",
    [input.companyId, input.issueCount],
  );
  const base = baseRows[0].base;
  // Indexes that back a constraint (primary keys, which foreign keys lean on) stay; the rest are rebuilt after the load.
  const { rows: secondary } = await client.query<{ name: string; definition: string }>(
    `SELECT x.indexname AS name, x.indexdef AS definition FROM pg_indexes x
      WHERE x.schemaname = current_schema() AND x.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', x.schemaname, x.indexname)::regclass)
      ORDER BY x.tablename, x.indexname`,
    [LOADED_TABLES],
  );
  for (const index of secondary) await client.query(`DROP INDEX ${quoteIdent(index.name)}`);
  input.log(`seeding ${input.issueCount} issues (numbers ${base + 1}..${base + input.issueCount}) with ${secondary.length} secondary indexes dropped…`);
  await client.query("SET session_replication_role = replica");
  let comments = 0;
  for (let from = 1; from <= input.issueCount; from += SEED_CHUNK) {
    const to = Math.min(input.issueCount, from + SEED_CHUNK - 1);
    const { rows } = await client.query<{ comments: number }>(
      `WITH r AS MATERIALIZED (
         SELECT g, random() AS rs, random() AS rp, random() AS ra, random() AS rt, random() AS rd FROM generate_series($2::int, $7::int) AS g
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
       ),
       planned_comments AS MATERIALIZED (
         SELECT s.g, k, s.ts - interval '3 days' + k * interval '1 hour' AS at,
                k = 1 AND s.g % ${USER_MENTIONED_EVERY} = ${USER_MENTIONED_OFFSET} AS mentions_user,
                CASE WHEN NOT (k = 1 AND s.g % ${USER_COMMENTS_EVERY} = ${USER_COMMENTS_OFFSET})
                     THEN coalesce(s.agent, ($4::uuid[])[1 + ($5::int + s.g + k) % cardinality($4::uuid[])]) END AS author_agent,
                CASE WHEN k = 1 AND s.g % ${USER_COMMENTS_EVERY} = ${USER_COMMENTS_OFFSET} THEN $6::uuid END AS author_user
         FROM s CROSS JOIN LATERAL generate_series(1, 1 + s.g % 5) AS k
       ),
       last_actors AS (
         SELECT p.g, l.* FROM (
           SELECT g, array_agg(inbox_comment_actor(author_user, author_agent)) AS actors, array_agg(at) AS ats FROM planned_comments GROUP BY g
         ) p CROSS JOIN LATERAL inbox_last_two_actors(p.actors, p.ats) AS l
       ),
       new_issues AS (
         INSERT INTO issues (company_id, number, identifier, title, description, status, priority, priority_rank, assignee_agent_id,
                             created_by_user_id, created_by_agent_id, started_at, completed_at, cancelled_at,
                             last_activity_at, last_activity_actor, previous_actor_activity_at, previous_activity_actor, created_at, updated_at)
         SELECT $1::uuid, $5::int + s.g, c.issue_prefix || '-' || ($5::int + s.g),
                initcap(${words(1, v, vocab.length)}) || ' ' || ${words(3, v, vocab.length)} || CASE WHEN random() < 0.004 THEN ' ${SEARCH_WORD}' ELSE '' END
                  || CASE WHEN random() < 0.0001 THEN ' ${RARE_SEARCH_WORD}' ELSE '' END,
                CASE WHEN s.rd < 0.5 THEN ${words(14, v, vocab.length)} END,
                s.status, (ARRAY['critical', 'high', 'medium', 'low'])[s.rank + 1], s.rank, s.agent,
                CASE WHEN s.g % ${USER_CREATES_EVERY} = 0 THEN $6::uuid END,
                CASE WHEN s.g % ${USER_CREATES_EVERY} <> 0 THEN ($4::uuid[])[1 + s.g % cardinality($4::uuid[])] END,
                CASE WHEN s.status IN ('in_progress', 'in_review', 'done', 'blocked') THEN s.ts - interval '2 hours' END,
                CASE WHEN s.status = 'done' THEN s.ts END,
                CASE WHEN s.status = 'cancelled' THEN s.ts END,
                la.last_at, la.last_actor, la.previous_at, la.previous_actor,
                s.ts - interval '3 days', s.ts
         FROM s LEFT JOIN last_actors la ON la.g = s.g, companies c WHERE c.id = $1::uuid
         ORDER BY s.g
         RETURNING id, company_id, number, identifier, title, description, assignee_agent_id, created_at
       ),
       new_comments AS (
         INSERT INTO issue_comments (company_id, issue_id, body, author_agent_id, author_user_id, mentioned_user_ids, created_at, updated_at)
         SELECT i.company_id, i.id,
                ${words(12, v, vocab.length)} || CASE WHEN random() < 0.003 THEN ' ${SEARCH_WORD} ' || ${words(2, v, vocab.length)} ELSE '' END
                  || CASE WHEN random() < 0.00003 THEN ' ${RARE_SEARCH_WORD}' ELSE '' END
                  || CASE WHEN p.mentions_user THEN ' @' || u.email ELSE '' END,
                p.author_agent, p.author_user,
                CASE WHEN p.mentions_user THEN ARRAY[$6::uuid] ELSE ARRAY[]::uuid[] END,
                p.at, p.at
         FROM new_issues i JOIN planned_comments p ON p.g = i.number - $5::int, users u
         WHERE u.id = $6::uuid
         ORDER BY p.g, p.k
         RETURNING issue_id, body, created_at
       ),
       searched AS (
         INSERT INTO issue_search (issue_id, company_id, fields, comments)
         SELECT i.id, i.company_id, to_tsvector('simple', i.identifier || ' ' || i.title || ' ' || coalesce(i.description, '')), coalesce(c.vector, ''::tsvector)
         FROM new_issues i
         LEFT JOIN (SELECT issue_id, to_tsvector('simple', string_agg(body, ' ' ORDER BY created_at)) AS vector FROM new_comments GROUP BY issue_id) c
           ON c.issue_id = i.id
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM new_comments)::int AS comments, (SELECT count(*) FROM searched)::int AS searched`,
      [input.companyId, from, vocab, input.assignees, base, input.userId, to],
    );
    comments += rows[0].comments;
    input.log(`  issues ${from}..${to} with ${comments} comments so far, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  await client.query("RESET session_replication_role");
  const loadSeconds = (Date.now() - started) / 1000;
  // VACUUM before the indexes exist is a heap pass only; it sets the visibility map that index-only scans rely on.
  for (const table of LOADED_TABLES) await client.query(`VACUUM ${quoteIdent(table)}`);
  const indexStarted = Date.now();
  for (const index of secondary) await client.query(index.definition);
  const indexSeconds = (Date.now() - indexStarted) / 1000;
  input.log(`loaded in ${loadSeconds.toFixed(1)} s; ${secondary.length} indexes rebuilt in ${indexSeconds.toFixed(1)} s; relations and ANALYZE…`);
  const { rowCount: relations } = await client.query(
    `INSERT INTO issue_relations (company_id, issue_id, blocked_by_issue_id)
     SELECT a.company_id, a.id, b.id FROM issues a JOIN issues b ON b.company_id = a.company_id AND b.number = a.number - 1
     WHERE a.company_id = $1::uuid AND a.number > $2::int + 1 AND a.number % 20 = 0`,
    [input.companyId, base],
  );
  await client.query("VACUUM (ANALYZE) issue_relations");
  for (const table of LOADED_TABLES) await client.query(`ANALYZE ${quoteIdent(table)}`);
  const { rows: counts } = await client.query<{ titles: number; comments: number; rare: number; involved: number }>(
    `SELECT (SELECT count(*) FROM issue_search WHERE company_id = $1::uuid AND fields @@ to_tsquery('simple', $2))::int AS titles,
            (SELECT count(*) FROM issue_search WHERE company_id = $1::uuid AND comments @@ to_tsquery('simple', $2))::int AS comments,
            (SELECT count(*) FROM issue_search WHERE company_id = $1::uuid AND document @@ to_tsquery('simple', $4))::int AS rare,
            (SELECT count(*) FROM (
               SELECT id FROM issues WHERE company_id = $1::uuid AND (created_by_user_id = $3::uuid OR assignee_user_id = $3::uuid)
               UNION SELECT issue_id FROM issue_comments WHERE company_id = $1::uuid AND author_user_id = $3::uuid
               UNION SELECT issue_id FROM issue_comments WHERE company_id = $1::uuid AND mentioned_user_ids @> ARRAY[$3::uuid] AND cardinality(mentioned_user_ids) > 0
             ) involvement)::int AS involved`,
    [input.companyId, SEARCH_WORD, input.userId, RARE_SEARCH_WORD],
  );
  return {
    issues: input.issueCount,
    comments,
    relations: relations ?? 0,
    seconds: (Date.now() - started) / 1000,
    loadSeconds,
    indexSeconds,
    searchWordIssueTitles: counts[0].titles,
    searchWordComments: counts[0].comments,
    rareWordIssues: counts[0].rare,
    userInvolvedIssues: counts[0].involved,
  };
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
