"use client";

import { useState } from "react";
import { useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button, CreateButton, Spinner } from "@/components/ui/button";
import { MutationConfirmDialog } from "@/components/ui/confirm-dialog";
import { DialogForm, MutationDialog, useFieldErrors } from "@/components/ui/form-dialog";
import { Field, FormError, Input, Textarea, fieldProps, formText } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { FolderIcon } from "@/components/ui/icons";
import { Section } from "@/components/ui/page-header";
import { QueryTable, Td, Tr } from "@/components/ui/table";
import { errorMessage } from "@/lib/queries/client";
import {
  type CompanySkill,
  type SkillImportResult,
  type SkillScanResult,
  useCompanySkills,
  useCreateCompanySkill,
  useDeleteCompanySkill,
  useImportCompanySkills,
  useScanProjectSkills,
} from "@/lib/queries/skills";

const SOURCE_LABELS: Record<string, { label: string; tone: Tone }> = {
  created: { label: "Created here", tone: "neutral" },
  local_path: { label: "Folder", tone: "blue" },
  git: { label: "Git", tone: "violet" },
  project_workspace: { label: "Project workspace", tone: "green" },
};

/**
 * The company's skills: SKILL.md folders its agents can choose, delivered to their runs beside the bundled
 * switchboard skill. Operators create, scan project workspaces and delete; only owners import from a path or git URL,
 * since that makes the server read its disk or the network.
 */
export function SkillsTab({ companyId }: { companyId: string }) {
  const { canAct, canAdmin } = useCompanyPermissions(companyId);
  const companyName = useCompanyName(companyId) ?? "this company";
  const skills = useCompanySkills(companyId);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<CompanySkill | null>(null);
  const create = useCreateCompanySkill(companyId);
  const remove = useDeleteCompanySkill(companyId);

  return (
    <>
      <Section
        title="Skills"
        description={`SKILL.md folders ${companyName}'s agents can choose on their page; each run receives the chosen ones.${canAct ? "" : " Read-only for viewers."}`}
        actions={canAct ? <CreateButton onClick={() => setCreating(true)}>New skill</CreateButton> : null}
      >
        <QueryTable
          query={skills}
          what="skills"
          rows={2}
          empty={{
            icon: <FolderIcon className="size-6" />,
            title: "No company skills",
            description: "Paste a SKILL.md, import a folder or git repository, or scan the project workspaces for SKILL.md files.",
          }}
          label="Company skills"
          columns={["Skill", "Source", "Hash", "Updated"]}
          actions={canAct}
          row={(skill) => (
            <Tr key={skill.id} data-skill={skill.key}>
              <Td>
                <span className="flex flex-wrap items-center gap-1.5">
                  <span className="font-medium text-zinc-900 dark:text-zinc-100">{skill.name}</span>
                  <code className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{skill.key}</code>
                </span>
                {skill.description ? <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{skill.description}</span> : null}
              </Td>
              <Td>
                <Badge tone={SOURCE_LABELS[skill.sourceType]?.tone ?? "neutral"}>{SOURCE_LABELS[skill.sourceType]?.label ?? skill.sourceType}</Badge>
                {skill.sourceLocator ? (
                  <code className="mt-0.5 block font-mono text-xs break-all text-zinc-500 dark:text-zinc-400">{skill.sourceLocator}</code>
                ) : null}
              </Td>
              <Td>
                <code className="font-mono text-xs" title={skill.contentHash}>
                  {skill.contentHash.slice(0, 12)}
                </code>
              </Td>
              <Td className="text-zinc-500 dark:text-zinc-400">
                <Time value={skill.updatedAt} relative />
              </Td>
              {canAct ? (
                <Td className="text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    className="text-red-600 dark:text-red-400"
                    aria-label={`Delete ${skill.key}`}
                    onClick={() => setDeleting(skill)}
                  >
                    Delete
                  </Button>
                </Td>
              ) : null}
            </Tr>
          )}
        />
      </Section>

      {canAct ? <ScanProjects companyId={companyId} /> : null}
      {canAdmin ? <ImportSkills companyId={companyId} /> : null}

      <MutationDialog
        open={creating}
        onClose={() => setCreating(false)}
        title="New skill"
        description="Paste a SKILL.md; its front matter names it."
        mutation={create}
        className="max-w-2xl"
      >
        {(form) => <CreateSkillForm {...form} />}
      </MutationDialog>
      <MutationConfirmDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(skill) => skill.id}
        title={`Delete ${deleting?.key ?? "skill"}?`}
        description="Agents that chose it stop receiving it from their next run."
        confirmLabel="Delete skill"
      />
    </>
  );
}

function CreateSkillForm({
  pending,
  error,
  onCancel,
  onSubmit,
}: {
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (body: { markdown: string; key?: string }) => void;
}) {
  const { fieldErrors, formError, check } = useFieldErrors(error, ["markdown", "key", "name"]);
  return (
    <DialogForm
      pending={pending}
      onCancel={onCancel}
      submitLabel="Create skill"
      formError={formError ?? fieldErrors.name ?? null}
      onSubmit={(form) => {
        const markdown = String(form.get("markdown") ?? "");
        const key = formText(form, "key");
        if (check({ markdown: !markdown.trim() && "Paste the SKILL.md text" })) onSubmit({ markdown, ...(key ? { key } : {}) });
      }}
    >
      <Field id="skill-markdown" label="SKILL.md" error={fieldErrors.markdown} hint="Front matter with name and description, then the instructions.">
        <Textarea
          {...fieldProps("skill-markdown", fieldErrors.markdown, true)}
          name="markdown"
          rows={14}
          className="font-mono text-xs"
          placeholder={"---\nname: code-review\ndescription: How we review changes\n---\n\n# Code review\n"}
        />
      </Field>
      <Field id="skill-key" label="Key" optional error={fieldErrors.key} hint="Defaults to the front matter's name.">
        <Input {...fieldProps("skill-key", fieldErrors.key, true)} name="key" placeholder="code-review" />
      </Field>
    </DialogForm>
  );
}

function ResultSummary({ result }: { result: SkillImportResult }) {
  const keys = (skills: CompanySkill[]) => skills.map((skill) => skill.key).join(", ");
  return (
    <div role="status" className="space-y-1 text-sm text-zinc-700 dark:text-zinc-300">
      <p>
        {result.imported.length ? `Imported ${keys(result.imported)}.` : "Nothing new imported."}
        {result.updated.length ? ` Updated ${keys(result.updated)}.` : ""}
      </p>
      {result.warnings.map((warning) => (
        <p key={warning} className="text-xs text-amber-700 dark:text-amber-400">
          {warning}
        </p>
      ))}
    </div>
  );
}

function ImportSkills({ companyId }: { companyId: string }) {
  const importSkills = useImportCompanySkills(companyId);
  const [source, setSource] = useState("");
  return (
    <Section
      title="Import"
      description="Every SKILL.md folder in a folder this server can read, or in a git repository it can clone. Importing again updates skills by key."
    >
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (source.trim()) importSkills.mutate(source.trim());
        }}
      >
        <Field id="skill-import-source" label="Folder path or git URL" className="min-w-80 flex-1">
          <Input
            id="skill-import-source"
            value={source}
            onChange={(event) => setSource(event.target.value)}
            placeholder="/srv/skills or https://github.com/acme/skills.git"
            disabled={importSkills.isPending}
          />
        </Field>
        <Button type="submit" variant="primary" pending={importSkills.isPending} disabled={!source.trim()}>
          Import
        </Button>
      </form>
      <div className="mt-2 space-y-2" aria-live="polite">
        {importSkills.isPending ? (
          <p className="flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
            <Spinner className="size-4" /> Importing… a git clone can take up to a minute.
          </p>
        ) : null}
        <FormError>{importSkills.error ? errorMessage(importSkills.error) : null}</FormError>
        {importSkills.data ? <ResultSummary result={importSkills.data} /> : null}
      </div>
    </Section>
  );
}

function ScanProjects({ companyId }: { companyId: string }) {
  const scan = useScanProjectSkills(companyId);
  const result: SkillScanResult | undefined = scan.data;
  return (
    <Section
      title="Project workspaces"
      description="Look for SKILL.md folders in the local folders of the company's project workspaces and import them."
      actions={
        <Button onClick={() => scan.mutate(undefined)} pending={scan.isPending}>
          Scan projects
        </Button>
      }
    >
      <div className="space-y-2" aria-live="polite">
        {scan.isPending ? <p className="text-sm text-zinc-500 dark:text-zinc-400">Scanning project workspaces…</p> : null}
        <FormError>{scan.error ? errorMessage(scan.error) : null}</FormError>
        {result ? (
          <>
            <p className="text-sm text-zinc-700 dark:text-zinc-300">
              Scanned {result.scannedWorkspaces} workspace{result.scannedWorkspaces === 1 ? "" : "s"} in {result.scannedProjects} project
              {result.scannedProjects === 1 ? "" : "s"}; found {result.discovered} SKILL.md folder{result.discovered === 1 ? "" : "s"}.
            </p>
            <ResultSummary result={result} />
            {result.conflicts.map((conflict) => (
              <p key={`${conflict.key}-${conflict.path}`} className="text-xs text-amber-700 dark:text-amber-400">
                {conflict.key} ({conflict.path}): {conflict.reason}
              </p>
            ))}
            {result.skipped.map((skipped) => (
              <p key={`${skipped.workspaceName}-${skipped.path}`} className="text-xs text-zinc-500 dark:text-zinc-400">
                {skipped.workspaceName}: {skipped.reason}
              </p>
            ))}
          </>
        ) : null}
      </div>
    </Section>
  );
}
