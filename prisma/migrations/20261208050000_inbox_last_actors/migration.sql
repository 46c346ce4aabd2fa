-- The people's inbox (lib/inbox) sorts a reader's issues by "the newest comment or activity by someone other than the
-- reader". Kept per issue as the newest activity of the last two distinct actors, that is for any reader one of two
-- stored times: the previous actor's when the reader acted last, else the last one. Every writer (API, import,
-- routines, MCP, SQL) is covered because triggers on issue_comments and activity_log maintain it.

ALTER TABLE "issues" ADD COLUMN "last_activity_at" TIMESTAMPTZ(3);
ALTER TABLE "issues" ADD COLUMN "last_activity_actor" TEXT;
ALTER TABLE "issues" ADD COLUMN "previous_actor_activity_at" TIMESTAMPTZ(3);
ALTER TABLE "issues" ADD COLUMN "previous_activity_actor" TEXT;

-- Who wrote a comment, as the inbox tells readers apart: 'user:<id>', 'agent:<id>', or 'system' (Switchboard's notes).
-- A comment with a user author is that user's, as the inbox's "not written by the reader" reads it.
CREATE FUNCTION "inbox_comment_actor"(author_user_id UUID, author_agent_id UUID) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN author_user_id IS NOT NULL THEN 'user:' || author_user_id
              WHEN author_agent_id IS NOT NULL THEN 'agent:' || author_agent_id
              ELSE 'system' END
$$;

-- Who wrote an activity row, in the same terms ('system' rows carry no actor id worth telling apart).
CREATE FUNCTION "inbox_activity_actor"(actor_type TEXT, actor_id TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN actor_type = 'system' THEN 'system' ELSE actor_type || ':' || actor_id END
$$;

-- From (actor, time) pairs, the newest pair and the newest pair of any other actor (ties: the smaller actor first).
-- Merging is order-free (each actor's newest time only grows), so rows written late or in bulk land the same.
CREATE FUNCTION "inbox_last_two_actors"(actors TEXT[], ats TIMESTAMPTZ[],
    OUT last_at TIMESTAMPTZ, OUT last_actor TEXT, OUT previous_at TIMESTAMPTZ, OUT previous_actor TEXT)
  LANGUAGE sql IMMUTABLE AS $$
  SELECT l.at, l.actor, p.at, p.actor
    FROM (SELECT e.actor, e.at FROM unnest(actors, ats) AS e(actor, at) WHERE e.actor IS NOT NULL AND e.at IS NOT NULL
           ORDER BY e.at DESC, e.actor LIMIT 1) l
    LEFT JOIN LATERAL (
      SELECT e.actor, e.at FROM unnest(actors, ats) AS e(actor, at) WHERE e.actor <> l.actor AND e.at IS NOT NULL
       ORDER BY e.at DESC, e.actor LIMIT 1) p ON true
$$;

-- Folds one statement's new rows into their issues. The merge reads the issue's columns in SET, so a concurrent
-- writer's update to the same issue is re-read under the row lock rather than overwritten.
CREATE FUNCTION "inbox_record_last_actors"(issue_ids UUID[], actors TEXT[], ats TIMESTAMPTZ[]) RETURNS VOID LANGUAGE sql AS $$
  UPDATE issues i
     SET (last_activity_at, last_activity_actor, previous_actor_activity_at, previous_activity_actor) = (
           SELECT * FROM inbox_last_two_actors(
             ARRAY[i.last_activity_actor, i.previous_activity_actor] || n.actors,
             ARRAY[i.last_activity_at, i.previous_actor_activity_at] || n.ats))
    FROM (SELECT e.issue_id, array_agg(e.actor) AS actors, array_agg(e.at) AS ats
            FROM unnest(issue_ids, actors, ats) AS e(issue_id, actor, at) GROUP BY e.issue_id) n
   WHERE i.id = n.issue_id
$$;

CREATE FUNCTION "issue_comments_last_actors"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM inbox_record_last_actors(array_agg(issue_id), array_agg(inbox_comment_actor(author_user_id, author_agent_id)), array_agg(created_at))
     FROM inserted HAVING count(*) > 0;
  RETURN NULL;
END $$;

-- Activity on an issue names it by its id as text, exactly as the inbox joined it before.
CREATE FUNCTION "activity_log_last_actors"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM inbox_record_last_actors(array_agg(entity_id::uuid), array_agg(inbox_activity_actor(actor_type, actor_id)), array_agg(created_at))
     FROM inserted
    WHERE entity_type = 'issue' AND entity_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
   HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE TRIGGER "issue_comments_last_actors" AFTER INSERT ON "issue_comments"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "issue_comments_last_actors"();
CREATE TRIGGER "activity_log_last_actors" AFTER INSERT ON "activity_log"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "activity_log_last_actors"();

-- Existing issues: every comment and issue activity row so far, each actor's newest time per issue.
UPDATE issues i
   SET (last_activity_at, last_activity_actor, previous_actor_activity_at, previous_activity_actor) = (
         SELECT * FROM inbox_last_two_actors(n.actors, n.ats))
  FROM (SELECT e.issue_id, array_agg(e.actor) AS actors, array_agg(e.at) AS ats
          FROM (SELECT issue_id, inbox_comment_actor(author_user_id, author_agent_id) AS actor, max(created_at) AS at
                  FROM issue_comments GROUP BY 1, 2
                UNION ALL
                SELECT entity_id::uuid, inbox_activity_actor(actor_type, actor_id), max(created_at)
                  FROM activity_log
                 WHERE entity_type = 'issue' AND entity_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                 GROUP BY 1, 2) e
         GROUP BY e.issue_id) n
 WHERE i.id = n.issue_id;
