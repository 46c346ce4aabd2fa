import type { Metadata } from "next";
import { requireBoardContext } from "@/lib/session";
import { RunDetailClient } from "./run-detail-client";

export const metadata: Metadata = { title: "Run · Switchboard" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  await requireBoardContext();
  const { id } = await params;
  return <RunDetailClient runId={decodeURIComponent(id)} />;
}
