-- The guided first run's checklist is derived from the company's data; what a member chose about it (dismissed it,
-- skipped an optional step) is theirs alone, so it lives on their membership.
ALTER TABLE "company_memberships" ADD COLUMN "onboarding" JSONB NOT NULL DEFAULT '{}';

-- Once a read finds the checklist complete, the company keeps it complete: terminating the first agent or archiving
-- the first project later must not bring the card back.
ALTER TABLE "companies" ADD COLUMN "onboarding_completed_at" TIMESTAMPTZ(3);

-- Companies that already saw an agent take an issue to done are past their first run; on upgrade they get no card.
UPDATE "companies" c
   SET "onboarding_completed_at" = now()
 WHERE c."onboarding_completed_at" IS NULL
   AND EXISTS (SELECT 1 FROM "issues" i WHERE i."company_id" = c."id" AND i."assignee_agent_id" IS NOT NULL AND i."status" = 'done');
