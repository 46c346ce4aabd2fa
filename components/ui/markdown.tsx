"use client";

import { Suspense, lazy } from "react";
import { type MarkdownProps, markdownClassName } from "./markdown-style";

// The parser (react-markdown, micromark, GFM: ~47 kB gzip) is its own chunk, so it is not first-load JavaScript: the
// server renders the markdown into the HTML, hydration keeps that HTML until the chunk arrives, and in the browser the
// chunk is requested as soon as this module runs, in parallel with hydration.
const loadRenderer = () => import("./markdown-renderer");
if (typeof window !== "undefined") void loadRenderer().catch(() => undefined);
const MarkdownRenderer = lazy(loadRenderer);

/** Markdown that arrives before the parser does (a live comment on a fresh page) shows as its plain text meanwhile. */
function PlainText({ children, className }: MarkdownProps) {
  return <div className={`${markdownClassName(className)} whitespace-pre-wrap`}>{children}</div>;
}

/**
 * Markdown from agents (GitHub-flavoured; raw HTML shown as text; unsafe links dropped; images named, not loaded):
 * see markdown-renderer.tsx.
 */
export function Markdown(props: MarkdownProps) {
  return (
    <Suspense fallback={<PlainText {...props} />}>
      <MarkdownRenderer {...props} />
    </Suspense>
  );
}
