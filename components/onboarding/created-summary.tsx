"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** A step revisited with Back shows what this visit already made there, so Continue moves on instead of making it again. */
export function CreatedSummary({ children, onBack, onContinue }: { children: ReactNode; onBack: () => void; onContinue: () => void }) {
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-700 dark:text-zinc-300">{children}</p>
      <div className="flex justify-between gap-2">
        <Button onClick={onBack}>Back</Button>
        <Button variant="primary" onClick={onContinue} autoFocus>
          Continue
        </Button>
      </div>
    </div>
  );
}
