import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { apiFetch } from "./client";
import { useCommentPages } from "./comments";
import { invalidateInbox } from "./inbox";
import { issuePath } from "./issues";

// Apart from ./inbox because server pages import that module for its prefetch, and React hooks may not reach them.

/**
 * Marks the issue read for the signed-in board user while its page is open: on opening, and again whenever the issue
 * row or its newest comment changes (both reach the page live), so what arrives while it is open never counts as unread.
 */
export function useMarkIssueRead(issue: { id: string; updatedAt: string }) {
  const queryClient = useQueryClient();
  const newestComment = useCommentPages(issue.id).data?.pages[0]?.[0]?.id ?? "";
  const seen = `${issue.id}|${issue.updatedAt}|${newestComment}`;
  const marked = useRef<string | null>(null);
  useEffect(() => {
    if (marked.current === seen) return;
    marked.current = seen;
    void apiFetch(`${issuePath(issue.id)}/read`, { method: "POST" }).then(
      () => invalidateInbox(queryClient),
      () => undefined,
    );
  }, [issue.id, seen, queryClient]);
}
