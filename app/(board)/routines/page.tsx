import type { Metadata } from "next";
import { people, projectList, routineList } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { routineStatusFilter } from "@/lib/queries/routines";
import { type RoutineListParams, RoutinesClient } from "./routines-client";

export const metadata: Metadata = { title: "Routines · Switchboard" };

const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function RoutinesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { companyId } = await requireBoardContext();
  const search = await searchParams;
  const params: RoutineListParams = {
    status: single(search.status),
    create: single(search.new) === "1",
    projectId: single(search.projectId),
    workspaceId: single(search.workspaceId),
  };
  return (
    <Prefetch
      prefetch={async (client) =>
        companyId &&
        Promise.all([routineList(client, companyId, routineStatusFilter(params.status)), people(client, companyId), projectList(client, companyId)])
      }
    >
      <RoutinesClient companyId={companyId} params={params} />
    </Prefetch>
  );
}
