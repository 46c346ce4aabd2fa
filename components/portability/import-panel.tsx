"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { useBoard, useCompanyPermissions } from "@/components/board/board-context";
import { setCompanyCookie } from "@/components/board/company-cookie";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, FormError, Input, fieldProps } from "@/components/ui/form";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { errorMessage, isApiError } from "@/lib/queries/client";
import {
  type EntityCounts,
  type ImportPreview,
  type ImportResult,
  type ImportedWebhookSecret,
  type ImportTarget,
  type TransferProgress,
  useApplyImport,
  useImportPreview,
} from "@/lib/queries/portability";
import { Panel, TransferStatus, WarningList, entityLabel, formatBytes } from "./progress";
import { BUNDLE_ACCEPT, BundleFileError, type ReadBundle, readBundleFile } from "./read-bundle";

/** Where a preview or apply stands; `reading` is the browser reading the file, the rest the request's life. */
type Phase = "idle" | "reading" | "uploading" | "working" | "done";

const APPLY_STEPS = [
  { phase: "reading", label: "Reading file" },
  { phase: "uploading", label: "Uploading" },
  { phase: "working", label: "Applying" },
  { phase: "done", label: "Done" },
] as const;

/**
 * Import: choose a bundle (ours or a Paperclip export), choose where it goes, preview what it would create, then apply.
 * The preview is tied to the file and target it was made for: changing either asks for a new one before Apply.
 */
export function ImportPanel({ companyId }: { companyId: string }) {
  const router = useRouter();
  const { isInstanceAdmin, companies } = useBoard();
  const { canAdmin } = useCompanyPermissions(companyId);
  const companyName = companies.find((company) => company.id === companyId)?.name ?? "this company";
  const preview = useImportPreview(companyId);
  const apply = useApplyImport(companyId);

  const [bundle, setBundle] = useState<ReadBundle | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mode, setMode] = useState<ImportTarget["mode"]>(isInstanceAdmin ? "new_company" : "existing_company");
  const [name, setName] = useState("");
  const [issuePrefix, setIssuePrefix] = useState("");
  const [phase, setPhase] = useState<Phase>("idle");
  const [upload, setUpload] = useState<TransferProgress | null>(null);
  const [dragging, setDragging] = useState(false);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const ids = { file: useId(), name: useId(), prefix: useId(), why: useId() };

  const canImport = canAdmin || isInstanceAdmin;
  // Blank name or prefix: the server takes the bundle's (or a free variant of its prefix) and the preview says which.
  const target: ImportTarget =
    mode === "new_company" ? { mode, name: name.trim() || undefined, issuePrefix: issuePrefix.trim().toUpperCase() || undefined } : { mode };
  const busy = phase === "reading" || phase === "uploading" || phase === "working";

  // Focus lands on the result so keyboard and screen-reader users hear how the import went.
  useEffect(() => {
    if (apply.data) resultHeading.current?.focus();
  }, [apply.data]);

  /** A new file or target makes the last preview and result stale. */
  function resetPlan() {
    preview.reset();
    apply.reset();
    setPhase("idle");
    setUpload(null);
  }

  async function choose(file: File | undefined) {
    if (!file) return;
    resetPlan();
    setFileError(null);
    setBundle(null);
    setPhase("reading");
    try {
      const read = await readBundleFile(file);
      setBundle(read);
      setName(read.companyName ?? "");
      setIssuePrefix(read.issuePrefix ?? "");
      setPhase("idle");
    } catch (error) {
      setFileError(error instanceof BundleFileError ? error.message : errorMessage(error));
      setPhase("idle");
    }
  }

  function send(mutation: typeof preview | typeof apply) {
    if (!bundle) return;
    // A new preview starts a new round: the last apply's result no longer describes what Apply would do.
    if (mutation === preview) apply.reset();
    setUpload(null);
    setPhase("uploading");
    mutation.mutate(
      {
        source: bundle.source,
        target,
        onUpload: (progress) => {
          setUpload(progress);
          if (progress.total !== null && progress.loaded >= progress.total) setPhase("working");
        },
      },
      {
        onSettled: (_data, error) => setPhase(error ? "idle" : "done"),
        onSuccess: () => {
          // The board's company list (switcher, settings) is rendered on the server: refresh it once a company may be new.
          if (mutation === apply) router.refresh();
        },
      },
    );
  }

  if (!canImport) {
    return (
      <Panel>
        <ImportHeading />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Only owners can import into {companyName}, and only instance admins can import as a new company.
        </p>
      </Panel>
    );
  }

  const fieldErrors = isApiError(preview.error) ? preview.error.fieldErrors() : isApiError(apply.error) ? apply.error.fieldErrors() : {};
  // A conflict the server cannot resolve (a prefix asked for that is taken, a target the caller may not import into)
  // fails the preview itself, so Apply waits for a preview that went through; the conflicts it lists are resolved ones.
  const applyBlockedWhy = preview.data ? null : preview.isError ? "Fix what the preview reported, then preview again." : "Preview the import first.";

  return (
    <Panel>
      <ImportHeading />

      <fieldset disabled={busy} className="space-y-4">
        <div
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            void choose(event.dataTransfer.files[0]);
          }}
          className={cn(
            "relative flex flex-col items-center gap-2 rounded-lg border border-dashed px-4 py-6 text-center",
            dragging ? "border-blue-500 bg-blue-50 dark:border-blue-400 dark:bg-blue-950/30" : "border-zinc-300 dark:border-zinc-700",
          )}
        >
          <input
            id={ids.file}
            type="file"
            accept={BUNDLE_ACCEPT}
            className="peer sr-only"
            aria-describedby={`${ids.file}-hint`}
            onChange={(event) => {
              void choose(event.target.files?.[0]);
              event.target.value = "";
            }}
          />
          <label
            htmlFor={ids.file}
            className={cn(
              "inline-flex h-8 cursor-pointer items-center rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-800 shadow-sm hover:bg-zinc-50",
              "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-600 dark:peer-focus-visible:outline-blue-400",
              "dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
            )}
          >
            Choose export file
          </label>
          <p id={`${ids.file}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
            or drop it here: a .switchboard.json or .json.gz from Switchboard, or a Paperclip export (.json).
          </p>
          {bundle ? (
            <p className="text-sm text-zinc-800 dark:text-zinc-200" data-testid="chosen-file">
              <span className="font-medium break-all">{bundle.fileName}</span>{" "}
              <span className="text-zinc-500 dark:text-zinc-400">
                ({formatBytes(bundle.sizeBytes)}
                {bundle.gzipped ? ", gzipped" : ""})
              </span>
            </p>
          ) : null}
        </div>
        {phase === "reading" ? <TransferStatus label="Reading file…" progress={null} /> : null}
        <FormError>{fileError}</FormError>

        <fieldset className="space-y-2">
          <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Import into</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            <Radio
              name="import-target"
              checked={mode === "new_company"}
              disabled={!isInstanceAdmin}
              onChange={() => {
                setMode("new_company");
                resetPlan();
              }}
            >
              New company
            </Radio>
            <Radio
              name="import-target"
              checked={mode === "existing_company"}
              disabled={!canAdmin}
              onChange={() => {
                setMode("existing_company");
                resetPlan();
              }}
            >
              This company ({companyName})
            </Radio>
          </div>
          {!isInstanceAdmin ? <p className="text-xs text-zinc-500 dark:text-zinc-400">Only instance admins can create a company.</p> : null}
        </fieldset>

        {mode === "new_company" ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id={ids.name} label="Company name" error={fieldErrors["target.name"] ?? fieldErrors.name}>
              <Input
                {...fieldProps(ids.name, fieldErrors["target.name"] ?? fieldErrors.name)}
                value={name}
                maxLength={200}
                onChange={(event) => {
                  setName(event.target.value);
                  resetPlan();
                }}
              />
            </Field>
            <Field
              id={ids.prefix}
              label="Issue prefix"
              hint="Issues keep their numbers under this prefix (ACME-12 → NEW-12)."
              error={fieldErrors["target.issuePrefix"] ?? fieldErrors.issuePrefix}
            >
              <Input
                {...fieldProps(ids.prefix, fieldErrors["target.issuePrefix"] ?? fieldErrors.issuePrefix, true)}
                value={issuePrefix}
                maxLength={10}
                autoCapitalize="characters"
                className="font-mono uppercase"
                onChange={(event) => {
                  setIssuePrefix(event.target.value.toUpperCase());
                  resetPlan();
                }}
              />
            </Field>
          </div>
        ) : null}

        <div className="flex flex-wrap items-center gap-2">
          <Button variant={preview.data ? "secondary" : "primary"} disabled={!bundle} pending={preview.isPending} onClick={() => send(preview)}>
            1. Preview import
          </Button>
          <Button
            variant="primary"
            disabled={Boolean(applyBlockedWhy) || apply.isSuccess}
            pending={apply.isPending}
            aria-describedby={applyBlockedWhy ? ids.why : undefined}
            onClick={() => send(apply)}
          >
            2. Apply import
          </Button>
        </div>
      </fieldset>

      {preview.isPending ? (
        <TransferStatus label={phase === "working" ? "Checking the bundle against the target…" : "Uploading the file…"} progress={upload} />
      ) : null}
      {preview.isError ? <ProblemAlert title="The preview failed" error={preview.error} /> : null}
      {applyBlockedWhy && bundle && !busy ? (
        <p id={ids.why} className="text-xs text-zinc-500 dark:text-zinc-400">
          {applyBlockedWhy}
        </p>
      ) : null}
      {preview.data && !apply.isSuccess ? <PreviewResult preview={preview.data} bundle={bundle} /> : null}

      {apply.isPending || apply.isSuccess ? <ApplySteps phase={phase} upload={upload} /> : null}
      {apply.isError ? <ProblemAlert title="The import failed; nothing was changed" error={apply.error} /> : null}
      {apply.data ? (
        <ApplyResult
          result={apply.data}
          headingRef={resultHeading}
          targetName={
            companies.find((company) => company.id === apply.data.companyId)?.name ??
            preview.data?.target.name ??
            (mode === "new_company" ? name.trim() || "the new company" : companyName)
          }
          currentCompanyId={companyId}
          onSwitch={(id) => {
            setCompanyCookie(id);
            // A full load so the layout, switcher and every query start from the new company.
            window.location.assign("/issues");
          }}
        />
      ) : null}
    </Panel>
  );
}

function ImportHeading() {
  return (
    <div>
      <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Import</h3>
      <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
        Bring in a company exported from Switchboard or Paperclip. Nothing changes until you apply, and applying the same file again adds only what is missing.
      </p>
    </div>
  );
}

function Radio({
  name,
  checked,
  disabled,
  onChange,
  children,
}: {
  name: string;
  checked: boolean;
  disabled?: boolean;
  onChange: () => void;
  children: React.ReactNode;
}) {
  return (
    <label className={cn("inline-flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300", disabled && "opacity-60")}>
      <input
        type="radio"
        name={name}
        checked={checked}
        disabled={disabled}
        onChange={onChange}
        className={cn("size-4 accent-zinc-900 dark:accent-zinc-100", focusRing)}
      />
      {children}
    </label>
  );
}

function formatName(preview: ImportPreview, bundle: ReadBundle | null): string {
  if (preview.format === "paperclip") return "Paperclip export";
  return `Switchboard bundle v${bundle?.version ?? 1}`;
}

/** Every kind either side counts, in the server's order: created first, then whatever only `existing` names. */
function entityKinds(...counts: EntityCounts[]): string[] {
  return [...new Set(counts.flatMap((count) => Object.keys(count)))];
}

function PreviewResult({ preview, bundle }: { preview: ImportPreview; bundle: ReadBundle | null }) {
  const { create, existing, alreadyImported } = preview.plan;
  // Applying a bundle a second time creates nothing, so what it would have clashed with no longer matters.
  const conflicts = alreadyImported ? [] : preview.plan.conflicts;
  const kinds = entityKinds(create, existing, Object.fromEntries(conflicts.map((conflict) => [conflict.entity, 0])));
  const nothingNew = alreadyImported || Object.values(create).every((count) => count === 0);
  const into =
    preview.target.mode === "new_company"
      ? `a new company, ${preview.target.name}, with the issue prefix ${preview.target.issuePrefix}`
      : `${preview.target.name} (${preview.target.issuePrefix})`;
  return (
    <section aria-label="Import preview" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h4 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Preview</h4>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Format: <span className="font-medium text-zinc-700 dark:text-zinc-300">{formatName(preview, bundle)}</span>
        </p>
      </div>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">Into {into}.</p>
      {nothingNew ? (
        <p role="status" className="rounded-md bg-zinc-50 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-900/60 dark:text-zinc-300">
          Nothing new to import:{" "}
          {alreadyImported ? "this file was already imported there, so applying it again creates nothing." : "everything in this file is already there."}
        </p>
      ) : null}
      <Table label="Import preview">
        <THead>
          <Th>Kind</Th>
          <Th className="text-right">Will be created</Th>
          <Th className="text-right">Already there</Th>
          <Th className="text-right">Conflicts</Th>
        </THead>
        <TBody>
          {kinds.map((kind) => {
            const conflicting = conflicts.filter((conflict) => conflict.entity === kind).length;
            return (
              <Tr key={kind} data-entity={kind}>
                <Td>{entityLabel(kind)}</Td>
                <Td className="text-right tabular-nums">{create[kind] ?? 0}</Td>
                <Td className="text-right tabular-nums">{existing[kind] ?? 0}</Td>
                <Td className={cn("text-right tabular-nums", conflicting > 0 && "font-medium text-amber-700 dark:text-amber-400")}>{conflicting}</Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
      {conflicts.length > 0 ? (
        <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 dark:border-amber-900/60 dark:bg-amber-950/30">
          <p className="text-xs font-medium text-amber-900 dark:text-amber-300">Conflicts, and how the import resolves them</p>
          <ul aria-label="Conflicts" className="mt-1 list-disc space-y-0.5 pl-4 text-xs text-amber-800 dark:text-amber-300/90">
            {conflicts.map((conflict, index) => (
              <li key={index}>
                <span className="font-medium">
                  {entityLabel(conflict.entity)} {conflict.key}
                </span>
                : {conflict.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <WarningList warnings={preview.warnings} label="Warnings" />
    </section>
  );
}

/** Reading file → uploading → applying → done, the current one marked for assistive tech. */
function ApplySteps({ phase, upload }: { phase: Phase; upload: TransferProgress | null }) {
  const current = APPLY_STEPS.findIndex((step) => step.phase === (phase === "idle" ? "reading" : phase));
  return (
    <div className="space-y-2">
      <ol aria-label="Import progress" className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
        {APPLY_STEPS.map((step, index) => (
          <li
            key={step.phase}
            aria-current={index === current ? "step" : undefined}
            className={cn(
              "rounded-full px-2 py-0.5",
              index < current || (step.phase === "done" && index === current)
                ? "bg-emerald-50 text-emerald-700 dark:bg-emerald-950/40 dark:text-emerald-300"
                : index === current
                  ? "bg-blue-50 font-medium text-blue-700 dark:bg-blue-950/40 dark:text-blue-300"
                  : "text-zinc-400 dark:text-zinc-500",
            )}
          >
            {index < current ? "✓ " : ""}
            {step.label}
          </li>
        ))}
      </ol>
      {phase === "uploading" ? <TransferStatus label="Uploading the file…" progress={upload} /> : null}
      {phase === "working" ? <TransferStatus label="Applying the import in one transaction…" progress={null} /> : null}
    </div>
  );
}

function ApplyResult({
  result,
  headingRef,
  targetName,
  currentCompanyId,
  onSwitch,
}: {
  result: ImportResult;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  targetName: string;
  currentCompanyId: string;
  onSwitch: (companyId: string) => void;
}) {
  const nothingNew = Object.values(result.created).every((count) => count === 0);
  const kinds = entityKinds(result.created, result.skipped);
  return (
    <section aria-labelledby={`result-${result.importId}`} className="space-y-3">
      <h4
        id={`result-${result.importId}`}
        ref={headingRef}
        tabIndex={-1}
        className={cn("rounded-sm text-sm font-semibold text-zinc-900 dark:text-zinc-100", focusRing)}
      >
        {nothingNew ? "Nothing new to import" : `Imported into ${targetName}`}
      </h4>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {nothingNew ? `Everything in this file was already in ${targetName}; nothing was created.` : "Records already there were left as they were."}
      </p>
      <Table label="Import result">
        <THead>
          <Th>Kind</Th>
          <Th className="text-right">Created</Th>
          <Th className="text-right">Skipped</Th>
        </THead>
        <TBody>
          {kinds.map((kind) => (
            <Tr key={kind} data-entity={kind}>
              <Td>{entityLabel(kind)}</Td>
              <Td className="text-right tabular-nums">{result.created[kind] ?? 0}</Td>
              <Td className="text-right tabular-nums">{result.skipped[kind] ?? 0}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <WarningList warnings={result.warnings} label="Warnings" />
      <WebhookSecrets secrets={result.webhookSecrets} />
      {result.companyId !== currentCompanyId ? (
        <Button variant="primary" onClick={() => onSwitch(result.companyId)}>
          Switch to {targetName}
        </Button>
      ) : null}
    </section>
  );
}

/** The imported webhook triggers' new secrets, each shown once until dismissed: senders need them to sign again. */
function WebhookSecrets({ secrets }: { secrets: ImportedWebhookSecret[] }) {
  const [dismissed, setDismissed] = useState<string[]>([]);
  const shown = secrets.filter((secret) => !dismissed.includes(secret.triggerId));
  if (shown.length === 0) return null;
  return (
    <div className="space-y-2">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Webhook triggers got new addresses and signing secrets; give them to whatever sends the webhooks.
      </p>
      {shown.map((secret) => (
        <div key={secret.triggerId} className="space-y-1">
          <p className="font-mono text-xs break-all text-zinc-700 dark:text-zinc-300">{secret.webhookUrl}</p>
          <SecretReveal
            token={secret.secret}
            label={`Signing secret for ${secret.webhookUrl}`}
            onDone={() => setDismissed((current) => [...current, secret.triggerId])}
          />
        </div>
      ))}
    </div>
  );
}

/** A malformed bundle can fail on every row; the first few say enough to fix the file. */
const SHOWN_FIELD_PROBLEMS = 8;

function ProblemAlert({ title, error }: { title: string; error: unknown }) {
  const fields = isApiError(error) ? error.invalidParams : [];
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 dark:border-red-900/60 dark:bg-red-950/30">
      <p className="text-sm font-medium text-red-800 dark:text-red-300">{title}</p>
      <p className="mt-0.5 text-sm break-words text-red-700 dark:text-red-400">{errorMessage(error)}</p>
      {fields.length > 0 ? (
        <ul className="mt-1 list-disc pl-4 text-xs text-red-700 dark:text-red-400">
          {fields.slice(0, SHOWN_FIELD_PROBLEMS).map((field, index) => (
            <li key={index}>
              <span className="font-mono">{field.name}</span>: {field.reason}
            </li>
          ))}
          {fields.length > SHOWN_FIELD_PROBLEMS ? <li>and {fields.length - SHOWN_FIELD_PROBLEMS} more</li> : null}
        </ul>
      ) : null}
      {isApiError(error) && error.requestId ? <p className="mt-1 text-xs text-red-600/80 dark:text-red-400/80">Request id {error.requestId}</p> : null}
    </div>
  );
}
