-- A handed-off action's deadline, set in the database's time when it is queued: the asker gives up and the owner
-- stops taking it at the same instant, whatever the two hosts' clocks or timeout settings say.
ALTER TABLE "workspace_operations" ADD COLUMN "handoff_deadline" TIMESTAMPTZ(3);
