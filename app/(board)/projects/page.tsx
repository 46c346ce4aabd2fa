import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { ProjectsClient } from "./projects-client";

export const metadata: Metadata = { title: "Projects · Switchboard" };

export default async function ProjectsPage() {
  const { companyId } = await requireBoardContext();
  return <ProjectsClient companyId={companyId} />;
}
