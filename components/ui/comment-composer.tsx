"use client";

import { useState } from "react";
import { Button } from "./button";
import { MarkdownEditor } from "./markdown-editor";

/**
 * A comment box (markdown, with a preview): ⌘/Ctrl+Enter or the button sends, blank text never does, and the text
 * clears only once the server took it (a refusal keeps it for another try).
 */
export function CommentComposer({
  send,
  pending,
  error,
  hint,
}: {
  send: (body: string, done: () => void) => void;
  pending: boolean;
  error?: string;
  hint: string;
}) {
  const [body, setBody] = useState("");
  function submit(event?: React.FormEvent) {
    event?.preventDefault();
    const text = body.trim();
    if (!text || pending) return;
    send(text, () => setBody(""));
  }
  return (
    <form onSubmit={submit} className="mt-4 space-y-2" noValidate>
      <MarkdownEditor
        label="Comment"
        value={body}
        onChange={setBody}
        onSubmit={submit}
        error={error}
        hint={`${hint} Markdown supported.`}
        rows={3}
        placeholder="Write a comment…"
      />
      <div className="flex justify-end">
        <Button type="submit" variant="primary" pending={pending} disabled={!body.trim()}>
          Comment
        </Button>
      </div>
    </form>
  );
}
