"use client";

import Link from "next/link";
import { Spinner } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Time } from "@/components/ui/format";
import { finalizingLabel } from "@/components/workspaces/labels";
import type { HeldAction } from "@/lib/queries/issues";

const WHAT_WAITS: Record<string, string> = {
  wake: "Waking the assignee",
  interaction_accept: "An accepted confirmation",
  issue_update: "A stage approval",
};

/** "finish provisioning" / "finish closing": what the workspace is in the middle of. */
const phaseText = (phase: string | null) => (phase ? `finish ${finalizingLabel(phase)}` : "settle");

function WorkspacesWaitedOn({ held }: { held: HeldAction }) {
  if (held.workspaces.length === 0) return <>the workspace to settle</>;
  return (
    <>
      {held.workspaces.map((workspace, index) => (
        <span key={workspace.id}>
          {index > 0 ? ", " : null}
          <Link href={`/workspaces/${workspace.id}`} className="font-medium underline underline-offset-2">
            {workspace.name}
          </Link>{" "}
          to {phaseText(workspace.finalizingPhase)}
        </span>
      ))}
    </>
  );
}

const calloutClass = "rounded-lg border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900 dark:border-sky-900/60 dark:bg-sky-950/30 dark:text-sky-200";

/**
 * The issue-wide notice while anything waits for a workspace to finish provisioning or closing: not an error, just
 * work that is applied on its own once the workspace is consistent.
 */
export function HeldActionsBanner({ heldActions }: { heldActions: HeldAction[] }) {
  if (heldActions.length === 0) return null;
  return (
    <section role="status" aria-label="Waiting for the workspace to settle" className={cn(calloutClass, "mb-6")}>
      <p className="flex items-center gap-2 font-medium">
        <Spinner className="size-3.5" />
        Waiting for the workspace to settle
      </p>
      <ul className="mt-1.5 space-y-1 pl-5.5 text-sky-800 dark:text-sky-300">
        {heldActions.map((held) => (
          <li key={held.id}>
            {WHAT_WAITS[held.kind] ?? "An action"} waits for <WorkspacesWaitedOn held={held} /> · held <Time value={held.createdAt} relative />
          </li>
        ))}
      </ul>
      <p className="mt-1.5 text-xs text-sky-700 dark:text-sky-400">Each is applied automatically once its workspace is consistent; nothing to do here.</p>
    </section>
  );
}

/** In place of the buttons that were clicked: the decision was taken and waits for the workspace, so it can't be made twice. */
export function SettlingNote({ held, what }: { held: HeldAction; what: string }) {
  return (
    <div role="status" className={cn(calloutClass, "px-3 py-2")}>
      <p className="flex items-center gap-2 font-medium">
        <Spinner className="size-3.5" />
        Waiting for the workspace to settle
      </p>
      <p className="mt-0.5 text-xs text-sky-800 dark:text-sky-300">
        {what} is applied once <WorkspacesWaitedOn held={held} />.
      </p>
    </div>
  );
}
