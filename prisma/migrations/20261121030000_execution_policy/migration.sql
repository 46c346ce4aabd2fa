-- AlterTable
ALTER TABLE "issues" ADD COLUMN "execution_policy" JSONB,
ADD COLUMN "execution_state" JSONB;

-- CreateTable
CREATE TABLE "issue_execution_decisions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "issue_id" UUID NOT NULL,
    "stage_id" TEXT NOT NULL,
    "stage_index" INTEGER NOT NULL,
    "stage_type" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "actor_agent_id" UUID,
    "actor_user_id" UUID,
    "comment_id" UUID,
    "body" TEXT,
    "run_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "issue_execution_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "issue_execution_decisions_issue_id_created_at_idx" ON "issue_execution_decisions"("issue_id", "created_at");

-- CreateIndex
-- "Needs me" finds the issues whose pending stage waits for a given board user.
CREATE INDEX "issues_execution_participant_idx" ON "issues"("company_id", (("execution_state" -> 'currentParticipant' ->> 'userId'))) WHERE ("execution_state" ->> 'status') = 'pending';

-- CreateIndex
-- Pending questions addressed to an agent join its inbox.
CREATE INDEX "issue_thread_interactions_addressee_pending_idx" ON "issue_thread_interactions"("addressee_agent_id") WHERE "status" = 'pending';

-- AddForeignKey
ALTER TABLE "issue_execution_decisions" ADD CONSTRAINT "issue_execution_decisions_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;
