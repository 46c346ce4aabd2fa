"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "./button";

const COPIED_FEEDBACK_MS = 2000;

/** A freshly created token, shown once: copy it or lose it. */
export function SecretReveal({ token, label = "New token", onDone }: { token: string; label?: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);
  const codeRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
      setCopyFailed(false);
    } catch {
      // No clipboard permission (or an insecure origin): select the token so the user can copy it by hand.
      const selection = window.getSelection();
      if (codeRef.current && selection) {
        const range = document.createRange();
        range.selectNodeContents(codeRef.current);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setCopyFailed(true);
    }
  }

  return (
    <div role="region" aria-label={label} className="rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-700/60 dark:bg-amber-950/30">
      <p className="text-sm font-medium text-amber-900 dark:text-amber-200">Copy this token now — it won&apos;t be shown again</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code
          ref={codeRef}
          data-testid="secret-token"
          className="min-w-0 flex-1 rounded-md border border-amber-200 bg-white px-2.5 py-1.5 font-mono text-xs break-all text-zinc-900 select-all dark:border-amber-800/60 dark:bg-zinc-950 dark:text-zinc-100"
        >
          {token}
        </code>
        <Button size="sm" onClick={copy} aria-live="polite">
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button size="sm" variant="primary" onClick={onDone}>
          Done
        </Button>
      </div>
      {copyFailed ? (
        <p className="mt-2 text-xs text-amber-800 dark:text-amber-300">Couldn&apos;t reach the clipboard; the token is selected, press Ctrl+C / ⌘C.</p>
      ) : null}
    </div>
  );
}
