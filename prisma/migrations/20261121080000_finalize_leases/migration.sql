-- Finalizes and held-action applies carry a lease their server renews, so recovery (by any instance, or by the same
-- one after a restart) takes over only work whose server stopped.
-- AlterTable
ALTER TABLE "execution_workspaces" ADD COLUMN "finalizing_lease_expires_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "issue_held_actions" ADD COLUMN "lease_expires_at" TIMESTAMPTZ(3);
