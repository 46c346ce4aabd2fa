// The inbox query must stay on indexes as tables grow: with sequential scans priced out, its plan names each index
// the involvement sources, the per-issue probes and the page rows' "which comment and activity" lookups rely on
// (migrations 20261207030000, 20261208050000).
import { describe, expect, it } from "vitest";
import { sqlPool } from "@/lib/db/sql";
import { inboxStatement } from "@/lib/inbox/query";
import { seedCompany, seedUser } from "./support/fixtures";

describe("inbox query plan", () => {
  it("reaches every source and every per-issue lookup through an index, and is bounded by its LIMIT", async () => {
    const company = await seedCompany();
    const { user } = await seedUser({ memberships: { [company.id]: "operator" } });
    const { text, params } = inboxStatement({ companyId: company.id, userId: user.id, tab: "all", limit: 51 });
    const client = await sqlPool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      const plan = (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${text}`, params)).rows.map((row) => row["QUERY PLAN"]).join("\n");
      await client.query("ROLLBACK");
      for (const index of [
        "issues_company_assignee_user_idx",
        "issues_company_created_by_user_idx",
        "issue_comments_company_author_user_idx",
        "issue_comments_mentioned_user_ids_idx",
        "issue_thread_interactions_addressee_user_pending_idx",
        "issues_execution_participant_idx",
        "issue_comments_issue_id_created_at_id_idx",
        "activity_log_entity_created_idx",
        "issue_read_states_pkey",
        "issue_inbox_archives_pkey",
      ]) {
        expect(plan, index).toContain(index);
      }
      expect(plan).toMatch(/Limit/);
      expect(plan).not.toMatch(/Seq Scan on (issues|issue_comments|activity_log)\b/);
    } finally {
      client.release();
    }
  });
});
