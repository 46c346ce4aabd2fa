"use client";

import { useEffect, useId, useState } from "react";
import { useCompanyPermissions } from "@/components/board/board-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/form";
import { useDebouncedValue } from "@/components/ui/hooks";
import { Section } from "@/components/ui/page-header";
import { ErrorState, LoadingList } from "@/components/ui/states";
import { errorMessage, isApiError } from "@/lib/queries/client";
import { type WorkflowCheck, useCompanyWorkflow, useSaveWorkflow, validateWorkflow } from "@/lib/queries/workflow";
import type { Workflow, WorkflowProblem } from "@/lib/workflow/parse";
import { transitionPrompts } from "@/lib/workflow/rules";

const CHECK_DELAY_MS = 400;

/**
 * The company's workflow as YAML: checked as you type (problems listed with their line and path), saved by owners,
 * drawn as states and exits, with a preview of the prompts a move returns.
 */
export function WorkflowTab({ companyId }: { companyId: string }) {
  const current = useCompanyWorkflow(companyId);
  if (current.isPending) return <LoadingList rows={4} label="Loading the workflow…" />;
  if (current.isError) return <ErrorState error={current.error} onRetry={() => void current.refetch()} title="Couldn't load the workflow" />;
  return (
    <WorkflowEditor
      key={current.data.updatedAt ?? "default"}
      companyId={companyId}
      initial={current.data.source}
      origin={current.data.origin}
      saved={current.data.workflow}
    />
  );
}

function WorkflowEditor({ companyId, initial, origin, saved }: { companyId: string; initial: string; origin: string; saved: Workflow }) {
  const id = useId();
  const { canAdmin } = useCompanyPermissions(companyId);
  const save = useSaveWorkflow(companyId);
  const [source, setSource] = useState(initial);
  const [check, setCheck] = useState<WorkflowCheck | null>(null);
  const dirty = source !== initial;
  const settled = useDebouncedValue(source, CHECK_DELAY_MS);

  // Checked once typing has paused; a keystroke cancels a check still in flight, and going back to the saved text clears it.
  useEffect(() => {
    if (!dirty || settled !== source) return;
    const controller = new AbortController();
    validateWorkflow(companyId, source, controller.signal).then(setCheck, () => undefined);
    return () => controller.abort();
  }, [companyId, source, settled, dirty]);

  const serverProblems: WorkflowProblem[] =
    save.error && isApiError(save.error)
      ? save.error.invalidParams.map((param) => ({ path: param.name === "source" ? "" : param.name, message: param.reason, line: null }))
      : [];
  const problems = check?.problems.length ? check.problems : serverProblems;
  const workflow = (dirty ? check?.workflow : saved) ?? saved;

  return (
    <div className="space-y-8">
      <Section
        title="Workflow document"
        description={
          origin === "default"
            ? "This company uses the default workflow. Paste or edit YAML in the seed format and save to replace it."
            : "States, exits, phases, prompts, attachment types and gates for this company's issues."
        }
      >
        <label htmlFor={`${id}-source`} className="sr-only">
          Workflow YAML
        </label>
        <textarea
          id={`${id}-source`}
          aria-describedby={`${id}-status`}
          spellCheck={false}
          readOnly={!canAdmin}
          value={source}
          onChange={(event) => {
            setSource(event.target.value);
            if (event.target.value === initial) setCheck(null);
          }}
          onKeyDown={(event) => {
            if (event.key === "s" && (event.metaKey || event.ctrlKey)) {
              event.preventDefault();
              if (canAdmin && dirty) save.mutate(source);
            }
          }}
          rows={22}
          className="block w-full rounded-md border border-zinc-300 bg-white p-3 font-mono text-xs leading-5 text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
        />
        <div id={`${id}-status`} className="mt-2 space-y-2 text-sm" aria-live="polite">
          {problems.length ? (
            <ul className="space-y-1" aria-label="Workflow problems">
              {problems.map((problem, index) => (
                <li key={index} className="rounded-md bg-red-50 px-3 py-1.5 text-red-800 dark:bg-red-950/40 dark:text-red-300">
                  {problem.line ? <span className="font-mono text-xs">Line {problem.line} · </span> : null}
                  {problem.path ? <span className="font-mono text-xs">{problem.path}: </span> : null}
                  {problem.message}
                </li>
              ))}
            </ul>
          ) : save.error ? (
            <p role="alert" className="text-red-700 dark:text-red-400">
              {errorMessage(save.error)}
            </p>
          ) : dirty && check?.valid ? (
            <p className="text-emerald-700 dark:text-emerald-400">Valid: {Object.keys(check.workflow!.states).length} states.</p>
          ) : null}
          {canAdmin ? (
            <div className="flex gap-2">
              <Button variant="primary" pending={save.isPending} disabled={!dirty || Boolean(check && !check.valid)} onClick={() => save.mutate(source)}>
                Save workflow
              </Button>
              <Button variant="ghost" disabled={!dirty || save.isPending} onClick={() => setSource(initial)}>
                Discard changes
              </Button>
            </div>
          ) : (
            <p className="text-zinc-500">Only company owners change the workflow.</p>
          )}
        </div>
      </Section>
      <WorkflowDiagram workflow={workflow} />
      <PromptPreview workflow={workflow} />
    </div>
  );
}

/** Each state as a card with its status and the exits it allows, in document order. */
function WorkflowDiagram({ workflow }: { workflow: Workflow }) {
  return (
    <Section title="States and exits">
      <ol className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Workflow states">
        {Object.values(workflow.states).map((state) => (
          <li key={state.name} data-state={state.name} className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
            <div className="flex flex-wrap items-center gap-1.5">
              <span className="font-medium">{state.name}</span>
              <Badge>{state.status}</Badge>
              {state.name === workflow.initialState ? <Badge tone="blue">initial</Badge> : null}
              {state.timed ? <Badge tone="violet">timed</Badge> : null}
              {workflow.gates[`status:${state.name}`]?.length ? <Badge tone="amber">gated</Badge> : null}
            </div>
            <p className="mt-1.5 text-xs text-zinc-600 dark:text-zinc-400">{state.exits.length ? `→ ${state.exits.join(", ")}` : "Final: no exits"}</p>
          </li>
        ))}
      </ol>
    </Section>
  );
}

/** What an agent would be told on a move: pick a state, an exit and a phase. */
function PromptPreview({ workflow }: { workflow: Workflow }) {
  const id = useId();
  const names = Object.keys(workflow.states);
  const [from, setFrom] = useState(workflow.initialState);
  const fromState = workflow.states[from] ?? workflow.states[names[0]];
  const [to, setTo] = useState<string>("");
  const [phase, setPhase] = useState("");
  const target = fromState.exits.includes(to) ? to : (fromState.exits[0] ?? fromState.name);
  const prompts = transitionPrompts(workflow, { fromState: fromState.name, toState: target, fromPhase: phase || null, toPhase: phase || null });
  return (
    <Section title="Prompt preview">
      <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor={`${id}-from`}>From</label>
        <Select id={`${id}-from`} className="w-auto" value={fromState.name} onChange={(event) => setFrom(event.target.value)}>
          {names.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </Select>
        <label htmlFor={`${id}-to`}>to</label>
        <Select id={`${id}-to`} className="w-auto" value={target} onChange={(event) => setTo(event.target.value)} disabled={!fromState.exits.length}>
          {fromState.exits.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </Select>
        <label htmlFor={`${id}-phase`}>in phase</label>
        <Select id={`${id}-phase`} className="w-auto" value={phase} onChange={(event) => setPhase(event.target.value)}>
          <option value="">none</option>
          {Object.keys(workflow.phases).map((name) => (
            <option key={name}>{name}</option>
          ))}
        </Select>
      </div>
      {prompts.length ? (
        <ol className="space-y-2" aria-label="Prompts for this move">
          {prompts.map((prompt, index) => (
            <li key={index} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <p className="mb-1 text-xs font-medium text-zinc-500">
                {prompt.kind.replace("_", " ")} · {prompt.name}
              </p>
              <pre className="text-xs whitespace-pre-wrap">{prompt.text}</pre>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-zinc-500">This move has no prompts.</p>
      )}
    </Section>
  );
}
