-- The people's inbox (lib/inbox): which issues a board user is involved in, and the last thing someone else did on
-- each. Every source of involvement is one index lookup; the last activity by others is one backward index scan.

-- Board users named in a comment (@Name or @email), kept like mentioned_agent_ids so "mentioned me" is an index lookup.
ALTER TABLE "issue_comments" ADD COLUMN "mentioned_user_ids" UUID[] DEFAULT ARRAY[]::UUID[];

CREATE INDEX "issue_comments_mentioned_user_ids_idx" ON "issue_comments" USING GIN ("mentioned_user_ids") WHERE cardinality("mentioned_user_ids") > 0;

-- Issues a user commented on.
CREATE INDEX "issue_comments_company_author_user_idx" ON "issue_comments"("company_id", "author_user_id", "issue_id") WHERE "author_user_id" IS NOT NULL;

-- Issues assigned to, or created by, a user.
CREATE INDEX "issues_company_assignee_user_idx" ON "issues"("company_id", "assignee_user_id") WHERE "assignee_user_id" IS NOT NULL;
CREATE INDEX "issues_company_created_by_user_idx" ON "issues"("company_id", "created_by_user_id") WHERE "created_by_user_id" IS NOT NULL;

-- Pending confirmations and questions addressed to a user.
CREATE INDEX "issue_thread_interactions_addressee_user_pending_idx" ON "issue_thread_interactions"("company_id", "addressee_user_id") WHERE "status" = 'pending' AND "addressee_user_id" IS NOT NULL;

-- The newest activity on one entity, read backwards until an actor other than the reader.
CREATE INDEX "activity_log_entity_created_idx" ON "activity_log"("entity_type", "entity_id", "created_at" DESC);
