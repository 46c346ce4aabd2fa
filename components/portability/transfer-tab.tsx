"use client";

import { useCompanyName } from "@/components/board/board-context";
import { Section } from "@/components/ui/page-header";
import { ExportPanel } from "./export-panel";
import { ImportPanel } from "./import-panel";

/** Settings → Export & import: back up or move the company as one file, or bring one in with a preview first. */
export function TransferTab({ companyId }: { companyId: string }) {
  const companyName = useCompanyName(companyId) ?? "this company";
  return (
    <Section title="Export & import" description={`Move ${companyName} to another Switchboard, keep a backup, or bring a company over from Paperclip.`}>
      <div className="space-y-6">
        <ExportPanel companyId={companyId} />
        <ImportPanel companyId={companyId} />
      </div>
    </Section>
  );
}
