"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

const WORKSPACE_STATUS: Record<string, { tone: Tone; label: string }> = {
  active: { tone: "green", label: "active" },
  idle: { tone: "neutral", label: "idle" },
  in_review: { tone: "violet", label: "in review" },
  archived: { tone: "neutral", label: "archived" },
  cleanup_failed: { tone: "red", label: "cleanup failed" },
};

/** An execution workspace's status in the guide's words: active, idle, in review, archived, cleanup failed. */
export function WorkspaceStatusBadge({ status }: { status: string }) {
  const known = WORKSPACE_STATUS[status] ?? { tone: "neutral" as Tone, label: status.replace(/_/g, " ") };
  return <Badge tone={known.tone}>{known.label}</Badge>;
}

const OPERATION_STATUS: Record<string, Tone> = { queued: "amber", running: "blue", succeeded: "green", failed: "red" };

export function OperationStatusBadge({ status }: { status: string }) {
  return <Badge tone={OPERATION_STATUS[status] ?? "neutral"}>{status}</Badge>;
}

const SERVICE_STATUS: Record<string, Tone> = { starting: "amber", running: "green", stopped: "neutral", failed: "red" };

export function ServiceStatusBadge({ status }: { status: string }) {
  return <Badge tone={SERVICE_STATUS[status] ?? "neutral"}>{status.replace(/_/g, " ")}</Badge>;
}

/** What an operation did, when it ran no named command. */
const PHASE_LABELS: Record<string, string> = {
  worktree_prepare: "Prepare worktree",
  workspace_provision: "Provision workspace",
  service_start: "Start service",
  service_stop: "Stop service",
  service_restart: "Restart service",
  job_run: "Run job",
  workspace_cleanup: "Cleanup command",
  workspace_teardown: "Teardown command",
  worktree_cleanup: "Remove worktree",
};

export function phaseLabel(phase: string): string {
  return PHASE_LABELS[phase] ?? phase.replace(/_/g, " ");
}

const FINALIZING_PHASES: Record<string, string> = { provision: "provisioning", close: "closing" };

/** What a finalizing workspace is in the middle of: "provisioning", "closing". */
export function finalizingLabel(phase: string | null | undefined): string {
  if (!phase) return "settling";
  return FINALIZING_PHASES[phase] ?? phase.replace(/_/g, " ");
}

/** A link target only when it is a real http(s) URL; anything else is shown as text. */
export function httpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

export function ExternalLink({ href, children, className }: { href: string; children: React.ReactNode; className?: string }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className={cn(
        "rounded-sm text-blue-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-400",
        className,
      )}
    >
      {children}
    </a>
  );
}

/** A small "Copy" button for a path or id; `label` names what it copies for screen readers. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Button
      size="sm"
      variant="ghost"
      aria-label={`Copy ${label}`}
      onClick={() =>
        navigator.clipboard.writeText(value).then(
          () => setCopied("yes"),
          () => setCopied("failed"),
        )
      }
    >
      <span aria-live="polite">{copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy"}</span>
    </Button>
  );
}

export function WorkspaceIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      className={className}
    >
      <rect x="3" y="4" width="18" height="14" rx="2" />
      <path d="M7 9l3 2.5L7 14M12.5 14H17M8 21h8" />
    </svg>
  );
}

/** "Projects → {project} → Workspaces → {workspace}": one click from the project, two from the list. */
export function WorkspaceBreadcrumbs({ project, workspaceName }: { project: { id: string; name: string } | null; workspaceName: string }) {
  const crumbs: { href?: string; label: string }[] = [
    { href: "/projects", label: "Projects" },
    ...(project
      ? [
          { href: `/projects/${project.id}`, label: project.name },
          { href: `/projects/${project.id}?tab=workspaces`, label: "Workspaces" },
        ]
      : [{ href: "/workspaces", label: "Workspaces" }]),
    { label: workspaceName },
  ];
  return (
    <nav aria-label="Breadcrumb" className="mb-4 text-xs text-zinc-500 dark:text-zinc-400">
      <ol className="flex flex-wrap items-center gap-1">
        {crumbs.map((crumb, index) => (
          <li key={`${crumb.label}-${index}`} className="flex items-center gap-1">
            {index > 0 ? <span aria-hidden>→</span> : null}
            {crumb.href ? (
              <Link
                href={crumb.href}
                className="rounded-sm font-medium hover:text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:text-zinc-100"
              >
                {crumb.label}
              </Link>
            ) : (
              <span aria-current="page" className="font-medium text-zinc-700 dark:text-zinc-200">
                {crumb.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
