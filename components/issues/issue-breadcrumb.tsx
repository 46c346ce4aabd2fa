"use client";

import { Fragment } from "react";
import type { IssueDetail } from "@/lib/queries/types";
import { IssueRef } from "./labels";

// Its own module so that the relation panels (issue-relations.tsx) load only with the side column's chunk, while the
// breadcrumb stays in the issue page's first paint.

/** Where the issue sits: its ancestors from the root down, then itself. */
export function IssueBreadcrumb({ issue }: { issue: IssueDetail }) {
  if (issue.ancestors.length === 0) return null;
  return (
    <nav aria-label="Parent issues" className="mb-2">
      <ol className="flex flex-wrap items-center gap-x-1.5 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
        {[...issue.ancestors].reverse().map((ancestor) => (
          <Fragment key={ancestor.id}>
            <li className="flex min-w-0 items-center gap-1.5">
              <IssueRef identifier={ancestor.identifier} />
              <span className="max-w-48 truncate" title={ancestor.title}>
                {ancestor.title}
              </span>
            </li>
            <li aria-hidden>›</li>
          </Fragment>
        ))}
        <li aria-current="page" className="font-mono">
          {issue.identifier}
        </li>
      </ol>
    </nav>
  );
}
