"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Checkbox, Field, FormError, Input, Textarea } from "@/components/ui/form";
import { Section } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingList } from "@/components/ui/states";
import { errorMessage } from "@/lib/queries/client";
import { INSTRUCTIONS_ENTRY_FILE } from "@/lib/skills/rules";
import {
  type InstructionsBundle,
  useAgentSkills,
  useCompanySkills,
  useInstructionsBundle,
  useSetInstructionsPath,
  useSyncAgentSkills,
  useUpdateInstructionsBundle,
} from "@/lib/queries/skills";

/**
 * What the agent is told on every run: its AGENTS.md and the files beside it (or a file in its working folder), and the
 * company skills it has chosen. Board operators and owners edit; viewers read.
 */
export function AgentInstructionsSection({ agentId, companyId, canEdit }: { agentId: string; companyId: string; canEdit: boolean }) {
  const bundle = useInstructionsBundle(agentId);
  return (
    <Section title="Instructions" description="Delivered to the agent's CLI at the start of every run, with the switchboard skill and its chosen skills.">
      {bundle.isPending ? (
        <LoadingList rows={2} label="Loading instructions…" />
      ) : bundle.isError ? (
        <ErrorState error={bundle.error} onRetry={() => void bundle.refetch()} title="Couldn't load instructions" />
      ) : (
        <div className="space-y-6">
          <InstructionsPathField agentId={agentId} path={bundle.data.instructionsPath} canEdit={canEdit} />
          <EntryFileEditor agentId={agentId} content={entryContent(bundle.data)} canEdit={canEdit} />
          <OtherFiles agentId={agentId} bundle={bundle.data} canEdit={canEdit} />
          <ChosenSkills agentId={agentId} companyId={companyId} canEdit={canEdit} />
        </div>
      )}
    </Section>
  );
}

const entryContent = (bundle: InstructionsBundle) => bundle.files.find((file) => file.path === INSTRUCTIONS_ENTRY_FILE)?.content ?? "";

/** The AGENTS.md editor: a draft over the stored text, saved with the button or Ctrl/Cmd+S. */
function EntryFileEditor({ agentId, content, canEdit }: { agentId: string; content: string; canEdit: boolean }) {
  const update = useUpdateInstructionsBundle(agentId);
  const [base, setBase] = useState(content);
  const [draft, setDraft] = useState(content);
  // A new stored text (a save, someone else's edit) replaces the draft only when the draft had no changes of its own.
  if (content !== base) {
    setBase(content);
    if (draft === base) setDraft(content);
  }
  const dirty = draft !== content;
  const save = () => {
    if (canEdit && dirty && !update.isPending) update.mutate({ files: [{ path: INSTRUCTIONS_ENTRY_FILE, content: draft }] });
  };
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <Field id="agent-instructions-entry" label="AGENTS.md" hint={canEdit ? "Markdown. Ctrl+S or ⌘S saves." : "Read-only: viewers can't edit instructions."}>
        <Textarea
          id="agent-instructions-entry"
          aria-describedby="agent-instructions-entry-hint"
          value={draft}
          readOnly={!canEdit}
          rows={14}
          className="font-mono text-xs"
          placeholder="You are the release engineer. Keep changes small and explain them in the issue thread."
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
              event.preventDefault();
              save();
            }
          }}
        />
      </Field>
      <FormError>{update.error ? errorMessage(update.error) : null}</FormError>
      {canEdit ? (
        <div className="flex items-center justify-end gap-2">
          {dirty ? (
            <span className="mr-auto text-xs text-amber-700 dark:text-amber-400">Unsaved changes</span>
          ) : update.isSuccess ? (
            <span role="status" className="mr-auto text-xs text-emerald-700 dark:text-emerald-400">
              Saved.
            </span>
          ) : null}
          <Button onClick={() => setDraft(content)} disabled={!dirty || update.isPending}>
            Discard
          </Button>
          <Button type="submit" variant="primary" pending={update.isPending} disabled={!dirty}>
            Save instructions
          </Button>
        </div>
      ) : null}
    </form>
  );
}

function InstructionsPathField({ agentId, path, canEdit }: { agentId: string; path: string | null; canEdit: boolean }) {
  const setPath = useSetInstructionsPath(agentId);
  const [value, setValue] = useState(path ?? "");
  return (
    <div className="space-y-2">
      <Field
        id="agent-instructions-path"
        label="Instructions file in the working folder"
        optional
        hint={
          path
            ? `Runs read ${path} instead of the files below.`
            : "Empty: runs get the files below. A relative path (no '..') makes runs read that file instead."
        }
      >
        <div className="flex gap-2">
          <Input
            id="agent-instructions-path"
            aria-describedby="agent-instructions-path-hint"
            value={value}
            readOnly={!canEdit}
            placeholder="docs/agent.md"
            className="font-mono text-xs"
            onChange={(event) => setValue(event.target.value)}
          />
          {canEdit ? (
            <Button onClick={() => setPath.mutate(value.trim() ? value.trim() : null)} pending={setPath.isPending} disabled={value.trim() === (path ?? "")}>
              {value.trim() ? "Set path" : "Clear path"}
            </Button>
          ) : null}
        </div>
      </Field>
      <FormError>{setPath.error ? errorMessage(setPath.error) : null}</FormError>
    </div>
  );
}

function OtherFiles({ agentId, bundle, canEdit }: { agentId: string; bundle: InstructionsBundle; canEdit: boolean }) {
  const update = useUpdateInstructionsBundle(agentId);
  const [removing, setRemoving] = useState<string | null>(null);
  const [newPath, setNewPath] = useState("");
  const [newContent, setNewContent] = useState("");
  const others = bundle.files.filter((file) => file.path !== INSTRUCTIONS_ENTRY_FILE);
  return (
    <div className="space-y-3">
      <h3 className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Other instruction files</h3>
      {others.length === 0 ? (
        <EmptyState className="py-6" title="No other files" description="AGENTS.md can refer to further .md files kept here, such as notes/style.md." />
      ) : (
        <ul
          className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
          aria-label="Other instruction files"
        >
          {others.map((file) => (
            <li key={file.path} className="flex items-center gap-2 px-3 py-2 text-sm">
              <code className="font-mono text-xs">{file.path}</code>
              <Badge>{file.size} bytes</Badge>
              {canEdit ? (
                <Button
                  size="sm"
                  variant="ghost"
                  className="ml-auto text-red-600 dark:text-red-400"
                  aria-label={`Remove ${file.path}`}
                  onClick={() => setRemoving(file.path)}
                >
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (!newPath.trim()) return;
            update.mutate(
              { files: [{ path: newPath.trim(), content: newContent }] },
              {
                onSuccess: () => {
                  setNewPath("");
                  setNewContent("");
                },
              },
            );
          }}
        >
          <Field id="agent-instructions-new-path" label="New file path" hint="A relative .md path, such as notes/style.md.">
            <Input
              id="agent-instructions-new-path"
              aria-describedby="agent-instructions-new-path-hint"
              value={newPath}
              onChange={(event) => setNewPath(event.target.value)}
              placeholder="notes/style.md"
              className="font-mono text-xs"
            />
          </Field>
          <Field id="agent-instructions-new-content" label="New file content">
            <Textarea
              id="agent-instructions-new-content"
              value={newContent}
              onChange={(event) => setNewContent(event.target.value)}
              rows={5}
              className="font-mono text-xs"
            />
          </Field>
          <FormError>{update.error ? errorMessage(update.error) : null}</FormError>
          <div className="flex justify-end">
            <Button type="submit" pending={update.isPending} disabled={!newPath.trim()}>
              Add file
            </Button>
          </div>
        </form>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing ?? "file"}?`}
        description="Runs from now on go without it."
        confirmLabel="Remove file"
        pending={update.isPending}
        error={update.error && removing ? errorMessage(update.error) : null}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && update.mutate({ deleteFiles: [removing] }, { onSuccess: () => setRemoving(null) })}
      />
    </div>
  );
}

/** Checkboxes over the company's skills; Save replaces the agent's whole set. */
function ChosenSkills({ agentId, companyId, canEdit }: { agentId: string; companyId: string; canEdit: boolean }) {
  const skills = useCompanySkills(companyId);
  const chosen = useAgentSkills(agentId);
  const sync = useSyncAgentSkills(agentId);
  const [selection, setSelection] = useState<Set<string> | null>(null);
  if (skills.isPending || chosen.isPending) return <LoadingList rows={1} label="Loading skills…" />;
  if (skills.isError || chosen.isError)
    return (
      <ErrorState error={skills.error ?? chosen.error} onRetry={() => void Promise.all([skills.refetch(), chosen.refetch()])} title="Couldn't load skills" />
    );
  const stored = new Set(chosen.data.desiredSkills);
  const current = selection ?? stored;
  const dirty = selection !== null && (selection.size !== stored.size || [...selection].some((key) => !stored.has(key)));
  const toggle = (key: string, on: boolean) => {
    const next = new Set(current);
    if (on) next.add(key);
    else next.delete(key);
    setSelection(next);
  };
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Chosen skills</legend>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">Always delivered: {chosen.data.bundledSkills.join(", ") || "none"}.</p>
      {skills.data.length === 0 ? (
        <EmptyState className="py-6" title="No company skills" description="Add skills in Settings → Skills, then choose them here." />
      ) : (
        <ul className="space-y-1.5">
          {skills.data.map((skill) => (
            <li key={skill.id}>
              <label className="flex items-start gap-2 text-sm">
                <Checkbox
                  className="mt-0.5"
                  checked={current.has(skill.key)}
                  disabled={!canEdit}
                  onChange={(event) => toggle(skill.key, event.target.checked)}
                />
                <span>
                  <span className="font-medium">{skill.name}</span> <code className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{skill.key}</code>
                  {skill.description ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{skill.description}</span> : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <FormError>{sync.error ? errorMessage(sync.error) : null}</FormError>
      {canEdit && skills.data.length ? (
        <div className="flex justify-end">
          <Button
            variant="primary"
            pending={sync.isPending}
            disabled={!dirty}
            onClick={() => sync.mutate([...current], { onSuccess: () => setSelection(null) })}
          >
            Save skills
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}
