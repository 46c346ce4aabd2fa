-- Finalizes and held-action applies carry a lease that the server doing them renews, under its own name, so recovery
-- (by any instance, or by the same one after a restart) takes over only work whose server stopped, and a server that
-- lost a lease can tell.
-- AlterTable
ALTER TABLE "execution_workspaces" ADD COLUMN "finalizing_lease_owner" TEXT,
ADD COLUMN "finalizing_lease_expires_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "issue_held_actions" ADD COLUMN "lease_owner" TEXT,
ADD COLUMN "lease_expires_at" TIMESTAMPTZ(3);

-- Work in flight during the upgrade belongs to servers that do not renew leases yet: ten minutes' grace, not a takeover.
UPDATE "execution_workspaces" SET "finalizing_lease_expires_at" = now() + interval '10 minutes' WHERE "finalizing_since" IS NOT NULL;
UPDATE "issue_held_actions" SET "lease_expires_at" = now() + interval '10 minutes' WHERE "status" = 'applying';
