import type { Metadata } from "next";
import { people, prefetched, runDetail } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { type Run, runKeys } from "@/lib/queries/runs";
import { requireBoardContext } from "@/lib/session";
import { RunDetailClient } from "./run-detail-client";

export const metadata: Metadata = { title: "Run · Switchboard" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  await requireBoardContext();
  const { id } = await params;
  const runId = decodeURIComponent(id);
  return (
    <Prefetch
      prefetch={async (client) => {
        await runDetail(client, runId);
        const run = prefetched<Run>(client, runKeys.detail(runId));
        if (run) await people(client, run.companyId);
      }}
    >
      <RunDetailClient runId={runId} />
    </Prefetch>
  );
}
