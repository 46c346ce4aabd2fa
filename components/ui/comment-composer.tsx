"use client";

import { useId, useState } from "react";
import { Button } from "./button";
import { Field, Textarea, fieldProps } from "./form";

/**
 * A comment box: ⌘/Ctrl+Enter or the button sends, blank text never does, and the text clears only once the server
 * took it (a refusal keeps it for another try).
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
  const id = useId();
  const [body, setBody] = useState("");
  function submit(event?: React.FormEvent) {
    event?.preventDefault();
    const text = body.trim();
    if (!text || pending) return;
    send(text, () => setBody(""));
  }
  return (
    <form onSubmit={submit} className="mt-4 space-y-2" noValidate>
      <Field id={`${id}-comment`} label="Comment" error={error} hint={hint}>
        <Textarea
          {...fieldProps(`${id}-comment`, error, true)}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) submit(event);
          }}
          rows={3}
          maxLength={100_000}
          placeholder="Write a comment…"
        />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" pending={pending} disabled={!body.trim()}>
          Comment
        </Button>
      </div>
    </form>
  );
}
