import { cn } from "./cn";

export type MarkdownProps = { children: string; className?: string };

/** The text block's classes, shared by the rendered markdown and its plain-text stand-in so neither shifts the layout. */
export function markdownClassName(className: string | undefined) {
  return cn(
    "leading-relaxed break-words",
    // cn does not merge utilities, so a caller's own size or colour replaces the default rather than racing it.
    !/(^|\s)text-(xs|sm|base|lg|xl)\b/.test(className ?? "") && "text-sm",
    !/(^|\s)text-[a-z]+-\d{2,3}\b/.test(className ?? "") && "text-zinc-800 dark:text-zinc-200",
    className,
  );
}
