"use client";

import { useEffect, useSyncExternalStore } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cn } from "./cn";
import { type MarkdownProps, markdownClassName } from "./markdown-style";
import type { rehypeHighlightCode } from "./markdown-highlight";
import { remarkHtmlAsText, remarkLineBreaks } from "./markdown-plugins";

// Agents write this text and board members read it: raw HTML is turned into text before rendering (remarkHtmlAsText),
// and react-markdown's default URL filter removes javascript:, data: and other unsafe link targets.
const COMPONENTS: Components = {
  h1: ({ children }) => <h3 className="mt-4 mb-2 text-base font-semibold first:mt-0">{children}</h3>,
  h2: ({ children }) => <h4 className="mt-4 mb-2 text-sm font-semibold first:mt-0">{children}</h4>,
  h3: ({ children }) => <h5 className="mt-3 mb-1.5 text-sm font-semibold first:mt-0">{children}</h5>,
  p: ({ children }) => <p className="my-2 first:mt-0 last:mb-0">{children}</p>,
  ul: ({ children, className }) => (
    <ul className={cn("my-2 space-y-1", className?.includes("contains-task-list") ? "list-none pl-0" : "list-disc pl-5")}>{children}</ul>
  ),
  ol: ({ children, className }) => (
    <ol className={cn("my-2 space-y-1", className?.includes("contains-task-list") ? "list-none pl-0" : "list-decimal pl-5")}>{children}</ol>
  ),
  li: ({ children, className }) => <li className={className?.includes("task-list-item") ? "relative pl-6" : undefined}>{children}</li>,
  // Task-list boxes show the agent's progress; they are not a control the reader can tick.
  input: ({ type, checked }) =>
    type === "checkbox" ? (
      <input type="checkbox" checked={checked ?? false} disabled readOnly className="absolute top-[0.3em] left-0.5 size-3.5 accent-blue-600" />
    ) : null,
  a: ({ children, href }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-blue-700 underline underline-offset-2 dark:text-blue-400">
      {children}
    </a>
  ),
  del: ({ children }) => <del className="text-zinc-500 dark:text-zinc-400">{children}</del>,
  code: ({ children, className }) => (
    <code className={cn("rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.85em] dark:bg-zinc-800", className)}>{children}</code>
  ),
  pre: ({ children }) => (
    <pre className="my-2 overflow-x-auto rounded-md bg-zinc-100 p-3 text-xs leading-relaxed dark:bg-zinc-800 [&_code]:bg-transparent [&_code]:p-0">
      {children}
    </pre>
  ),
  blockquote: ({ children }) => (
    <blockquote className="my-2 border-l-2 border-zinc-300 pl-3 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">{children}</blockquote>
  ),
  hr: () => <hr className="my-4 border-zinc-200 dark:border-zinc-800" />,
  table: ({ children }) => (
    <div className="my-2 max-w-full overflow-x-auto">
      <table className="border-collapse text-left text-[0.95em]">{children}</table>
    </div>
  ),
  th: ({ children, style }) => (
    <th style={style} className="border border-zinc-300 bg-zinc-50 px-2.5 py-1.5 font-semibold dark:border-zinc-700 dark:bg-zinc-800/60">
      {children}
    </th>
  ),
  td: ({ children, style }) => (
    <td style={style} className="border border-zinc-300 px-2.5 py-1.5 align-top dark:border-zinc-700">
      {children}
    </td>
  ),
  img: ({ alt }) => <span className="text-zinc-500">[image: {alt}]</span>,
};

// Line breaks run after raw HTML became text, so a multi-line HTML block keeps its lines too.
const REMARK_PLUGINS = [remarkGfm, remarkHtmlAsText, remarkLineBreaks];
const NO_REHYPE_PLUGINS: [] = [];

/** A fence that names its language (```ts): only then is the highlighter worth loading. */
const FENCE_WITH_LANGUAGE = /^ {0,3}(`{3,}|~{3,})[ \t]*[\w+#.-]/m;

// The highlighter (highlight.js core and grammars, ~24 kB gzip) is its own chunk, loaded the first time a page shows a
// fenced block with a language: most markdown has none, and first paint does not wait for colours.
let highlighter: { plugins: [typeof rehypeHighlightCode] } | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function loadHighlighter() {
  loading ??= import("./markdown-highlight").then(
    (module) => {
      highlighter = { plugins: [module.rehypeHighlightCode] };
      for (const listener of listeners) listener();
    },
    // A chunk that failed to load (offline, a new deploy) leaves code plain; the next block tries again.
    () => void (loading = null),
  );
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The highlighting plugin once loaded; null on the server and during hydration, so both render the same plain code. */
function useHighlighter(needed: boolean) {
  const loaded = useSyncExternalStore(
    subscribe,
    () => highlighter,
    () => null,
  );
  useEffect(() => {
    if (needed) loadHighlighter();
  }, [needed]);
  return needed ? loaded : null;
}

/**
 * Markdown from agents (GitHub-flavoured: tables, task lists, strikethrough, autolinks, newlines kept; fenced code
 * highlighted), with raw HTML shown as text and images named rather than loaded (no requests to agent-chosen hosts).
 * Pages use it through `Markdown` (markdown.tsx), which keeps this parser out of their first-load JavaScript.
 */
export default function MarkdownRenderer({ children, className }: MarkdownProps) {
  const highlight = useHighlighter(FENCE_WITH_LANGUAGE.test(children));
  return (
    <div className={markdownClassName(className)}>
      <ReactMarkdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={highlight?.plugins ?? NO_REHYPE_PLUGINS} components={COMPONENTS}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
