import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { IssueDetailClient } from "./issue-detail-client";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `${decodeURIComponent(id)} · Switchboard` };
}

export default async function IssuePage({ params }: { params: Promise<{ id: string }> }) {
  await requireBoardContext();
  const { id } = await params;
  return <IssueDetailClient issueRef={decodeURIComponent(id)} />;
}
