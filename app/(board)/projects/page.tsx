import type { Metadata } from "next";
import { goalList, projectList } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";
import { ProjectsClient } from "./projects-client";

export const metadata: Metadata = { title: "Projects · Switchboard" };

export default async function ProjectsPage() {
  const { companyId } = await requireBoardContext();
  return (
    <Prefetch prefetch={async (client) => companyId && Promise.all([projectList(client, companyId), goalList(client, companyId)])}>
      <ProjectsClient companyId={companyId} />
    </Prefetch>
  );
}
