import type { Metadata } from "next";
import { people, prefetched, projectList, routineDetail } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { type Routine, routineKeys } from "@/lib/queries/routines";
import { requireBoardContext } from "@/lib/session";
import { RoutineDetailClient } from "./routine-detail-client";

export const metadata: Metadata = { title: "Routine · Switchboard" };

export default async function RoutinePage({ params }: { params: Promise<{ id: string }> }) {
  await requireBoardContext();
  const routineId = decodeURIComponent((await params).id);
  return (
    <Prefetch
      prefetch={async (client) => {
        await routineDetail(client, routineId);
        const routine = prefetched<Routine>(client, routineKeys.detail(routineId));
        if (routine) await Promise.all([people(client, routine.companyId), projectList(client, routine.companyId)]);
      }}
    >
      <RoutineDetailClient routineId={routineId} />
    </Prefetch>
  );
}
