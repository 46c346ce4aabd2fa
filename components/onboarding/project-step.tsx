"use client";

import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { splitError } from "@/components/ui/errors";
import { Field, FormError, Input, fieldProps } from "@/components/ui/form";
import { newIdempotencyKey } from "@/components/ui/hooks";
import { errorMessage, isApiError } from "@/lib/queries/client";
import { useUpdateOnboarding } from "@/lib/queries/onboarding";
import { useDeleteProject } from "@/lib/queries/projects";
import type { Project } from "@/lib/queries/types";
import { CreatedSummary } from "./created-summary";
import { type LocalCheckout, type ProjectFromCheckout, useCreateProjectFromCheckout, useLocalCheckout } from "./setup-queries";

const PROJECT_FIELDS = ["name", "cwd"] as const;

/**
 * A project from a folder on the server: Check asks the server what is there (a git checkout on a branch, detached, or a
 * problem), the name comes from the folder, and the project's primary workspace is that folder. Skip records the choice
 * on the onboarding checklist. A project whose folder was refused is `unfinished`: the next Create gives it the folder,
 * and Skip deletes it, so the step never leaves a project without a folder behind.
 */
export function ProjectStep({
  companyId,
  created,
  unfinished,
  onUnfinished,
  onCreated,
  onSkipped,
  onContinue,
  onBack,
}: {
  companyId: string;
  created: ProjectFromCheckout | null;
  unfinished: Project | null;
  onUnfinished: (project: Project | null) => void;
  onCreated: (created: ProjectFromCheckout) => void;
  onSkipped: () => void;
  onContinue: () => void;
  onBack: () => void;
}) {
  if (created) {
    return (
      <CreatedSummary onBack={onBack} onContinue={onContinue}>
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{created.project.name}</span> works in{" "}
        <span className="font-mono break-all">{created.workspace.cwd}</span>.
      </CreatedSummary>
    );
  }
  return <ProjectForm companyId={companyId} unfinished={unfinished} onUnfinished={onUnfinished} onCreated={onCreated} onSkipped={onSkipped} onBack={onBack} />;
}

function ProjectForm({
  companyId,
  unfinished,
  onUnfinished,
  onCreated,
  onSkipped,
  onBack,
}: {
  companyId: string;
  unfinished: Project | null;
  onUnfinished: (project: Project | null) => void;
  onCreated: (created: ProjectFromCheckout) => void;
  onSkipped: () => void;
  onBack: () => void;
}) {
  const id = useId();
  const [path, setPath] = useState("");
  const [checkedPath, setCheckedPath] = useState<string | null>(null);
  const [typedName, setTypedName] = useState<string | null>(null);
  const [pathProblem, setPathProblem] = useState<string | null>(null);
  const [nameMissing, setNameMissing] = useState(false);
  // The create's key, kept while the name stays: a lost answer retried makes no second project, a new name is a new request.
  const attempt = useRef<{ name: string; idempotencyKey: string | undefined } | null>(null);
  const checkout = useLocalCheckout(companyId, checkedPath);
  const create = useCreateProjectFromCheckout(companyId);
  const skip = useUpdateOnboarding(companyId);
  const removeUnfinished = useDeleteProject(companyId);

  const result = checkedPath !== null && checkedPath === path.trim() && checkout.data?.path !== undefined ? checkout.data : null;
  const usable = result?.exists ? result : null;
  const name = typedName ?? usable?.suggestedName ?? "";
  const server = splitError(create.error, PROJECT_FIELDS);
  const nameError = (nameMissing && !name.trim() ? "Enter a name" : undefined) ?? server.fieldErrors.name;
  const checkError = checkout.isError && checkedPath === path.trim() ? checkout.error : null;
  const pathError =
    pathProblem ??
    (checkError && isApiError(checkError) ? (checkError.fieldErrors().path ?? null) : null) ??
    server.fieldErrors.cwd ??
    (result && !result.exists ? (result.problem ?? `No folder at ${result.path}`) : null);

  function check() {
    const trimmed = path.trim();
    if (!trimmed.startsWith("/")) {
      setPathProblem(trimmed ? "Enter an absolute path, starting with /" : "Enter the folder's path on the server");
      return;
    }
    setPathProblem(null);
    create.reset();
    if (trimmed === checkedPath) void checkout.refetch();
    else setCheckedPath(trimmed);
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Enter (or Create project) checks a path not yet checked; once the server has seen the folder, it creates the project.
    if (!usable) return check();
    const trimmedName = name.trim();
    if (!trimmedName) return setNameMissing(true);
    setNameMissing(false);
    if (attempt.current?.name !== trimmedName) attempt.current = { name: trimmedName, idempotencyKey: newIdempotencyKey() };
    create.mutate(
      { name: trimmedName, checkout: usable, idempotencyKey: attempt.current.idempotencyKey, unfinished, onProject: onUnfinished },
      { onSuccess: onCreated },
    );
  }

  function skipStep() {
    const recordSkip = () => skip.mutate({ skippedSteps: ["project"] }, { onSuccess: onSkipped });
    if (!unfinished) return recordSkip();
    removeUnfinished.mutate(unfinished.id, {
      onSuccess: () => {
        onUnfinished(null);
        recordSkip();
      },
    });
  }

  const skipping = skip.isPending || removeUnfinished.isPending;
  const busy = create.isPending || skipping;
  const skipError = skip.error ?? removeUnfinished.error;
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError>{server.formError ?? (checkError && !pathError ? errorMessage(checkError) : null) ?? (skipError ? errorMessage(skipError) : null)}</FormError>
      {unfinished && !create.isPending ? (
        <p role="status" data-testid="unfinished-project" className="text-sm text-zinc-700 dark:text-zinc-300">
          The project <span className="font-medium text-zinc-900 dark:text-zinc-100">{unfinished.name}</span> exists, but without its folder. Create project
          gives it the folder you check here; Skip this step deletes it.
        </p>
      ) : null}
      <Field
        id={`${id}-path`}
        label="Folder on the server"
        error={pathError ?? undefined}
        hint="The absolute path of a git checkout on the machine Switchboard runs on, like /home/me/code/app."
      >
        <div className="flex flex-wrap gap-2">
          <Input
            {...fieldProps(`${id}-path`, pathError ?? undefined, true)}
            value={path}
            onChange={(event) => {
              setPath(event.target.value);
              setPathProblem(null);
            }}
            autoComplete="off"
            spellCheck={false}
            placeholder="/home/me/code/app"
            className="min-w-0 flex-1 basis-64 font-mono"
          />
          <Button onClick={check} pending={checkout.isFetching}>
            Check
          </Button>
        </div>
      </Field>
      {usable ? <CheckoutSummary checkout={usable} /> : null}
      {usable ? (
        <Field id={`${id}-name`} label="Project name" error={nameError}>
          <Input
            {...fieldProps(`${id}-name`, nameError)}
            value={name}
            onChange={(event) => setTypedName(event.target.value)}
            maxLength={200}
            autoComplete="off"
            className="sm:w-72"
          />
        </Field>
      ) : null}
      <div className="flex flex-wrap justify-between gap-2">
        <Button onClick={onBack} disabled={busy}>
          Back
        </Button>
        <div className="flex flex-wrap gap-2">
          <Button variant="ghost" pending={skipping} disabled={create.isPending} onClick={skipStep}>
            Skip this step
          </Button>
          {/* Never disabled: a disabled default button would stop Enter from submitting, and submitting checks first. */}
          <Button type="submit" variant="primary" pending={create.isPending} disabled={skipping}>
            Create project
          </Button>
        </div>
      </div>
    </form>
  );
}

/** What the server found: the branch (or a detached HEAD), or that the folder is not a git checkout. */
function CheckoutSummary({ checkout }: { checkout: LocalCheckout }) {
  const commit = checkout.headCommit ? <span className="font-mono">{checkout.headCommit.slice(0, 7)}</span> : null;
  return (
    <div
      role="status"
      data-testid="checkout-summary"
      className={
        checkout.isGitRepo
          ? "rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-900/60 dark:bg-emerald-950/40 dark:text-emerald-200"
          : "rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200"
      }
    >
      {checkout.isGitRepo ? (
        checkout.detached ? (
          <>Git checkout with a detached HEAD{commit ? <> at {commit}</> : null}.</>
        ) : (
          <>
            Git checkout on branch <span className="font-mono font-medium">{checkout.branch}</span>
            {commit ? <> at {commit}</> : null}.
          </>
        )
      ) : (
        <>{checkout.problem ?? "Not a git checkout"}: agents can still work in this folder, but changes can't be isolated per task.</>
      )}
      <span className="mt-0.5 block font-mono text-xs break-all opacity-80">{checkout.path}</span>
      <span className="mt-1 block text-xs opacity-80">
        Its issues' runs work in this folder itself; the project's Overview can give each issue a worktree of its own instead.
      </span>
    </div>
  );
}
