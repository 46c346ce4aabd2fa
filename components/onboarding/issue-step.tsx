"use client";

import { useId, useState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { splitError } from "@/components/ui/errors";
import { Field, FormError, Input, RecordOptions, Select, Textarea, fieldProps } from "@/components/ui/form";
import { useIdempotencyKey } from "@/components/ui/hooks";
import { ErrorState, LoadingText } from "@/components/ui/states";
import { useAgents } from "@/lib/queries/agents";
import { useCreateIssue } from "@/lib/queries/issues";
import { useProjects } from "@/lib/queries/projects";
import type { Agent, CreateIssueBody, Issue, Project } from "@/lib/queries/types";
import { type DemoAgentSettings, agentKind, suggestedFirstIssue } from "./first-issue";
import { useAgentClis } from "./setup-queries";

const FIELDS = ["title", "description", "assigneeAgentId", "projectId"] as const;

const newestFirst = <T extends { createdAt: string }>(rows: T[]) => [...rows].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/** The first issue, assigned to an agent (the one just added, by default) and in the project when there is one. */
export function IssueStep({
  companyId,
  preferredAgentId,
  preferredProjectId,
  onBack,
  onCreated,
}: {
  companyId: string;
  preferredAgentId: string | null;
  preferredProjectId: string | null;
  onBack: () => void;
  onCreated: (issue: Issue) => void;
}) {
  const agents = useAgents(companyId);
  const projects = useProjects(companyId);
  // Only for the suggested task; a refusal (the list is for those who set agents up) leaves the general suggestion.
  const clis = useAgentClis();
  if (agents.isPending || projects.isPending || clis.isPending) return <LoadingText />;
  if (agents.isError || projects.isError) {
    return (
      <ErrorState
        error={agents.error ?? projects.error}
        onRetry={() => {
          void agents.refetch();
          void projects.refetch();
        }}
      />
    );
  }
  const workers = newestFirst(agents.data.filter((agent) => agent.status !== "terminated"));
  if (workers.length === 0) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-zinc-700 dark:text-zinc-300">An issue needs an agent to work on it, and this company has none yet.</p>
        <ButtonLink href="/welcome?step=agent" variant="primary">
          Add an agent
        </ButtonLink>
      </div>
    );
  }
  const projectsNewestFirst = newestFirst(projects.data);
  return (
    <IssueForm
      companyId={companyId}
      agents={workers}
      projects={projectsNewestFirst}
      demo={clis.data?.demo ?? null}
      defaultAgentId={workers.some((agent) => agent.id === preferredAgentId) ? preferredAgentId! : workers[0].id}
      defaultProjectId={preferredProjectId ?? projectsNewestFirst[0]?.id ?? ""}
      onBack={onBack}
      onCreated={onCreated}
    />
  );
}

function IssueForm({
  companyId,
  agents,
  projects,
  demo,
  defaultAgentId,
  defaultProjectId,
  onBack,
  onCreated,
}: {
  companyId: string;
  agents: Agent[];
  projects: Project[];
  demo: DemoAgentSettings | null;
  defaultAgentId: string;
  defaultProjectId: string;
  onBack: () => void;
  onCreated: (issue: Issue) => void;
}) {
  const id = useId();
  const create = useCreateIssue(companyId);
  const [agentId, setAgentId] = useState(defaultAgentId);
  const [projectId, setProjectId] = useState(defaultProjectId);
  // null: the suggestion for the chosen agent and project, which follows them until the user edits the text.
  const [typedTitle, setTypedTitle] = useState<string | null>(null);
  const [typedDescription, setTypedDescription] = useState<string | null>(null);
  const [titleMissing, setTitleMissing] = useState(false);
  const idempotencyKey = useIdempotencyKey();
  const agent = agents.find((candidate) => candidate.id === agentId) ?? agents[0];
  const project = projects.find((candidate) => candidate.id === projectId) ?? null;
  const suggestion = suggestedFirstIssue(agentKind(agent, demo), project?.name ?? null);
  const title = typedTitle ?? suggestion.title;
  const description = typedDescription ?? suggestion.description;
  const server = splitError(create.error, FIELDS);
  const titleError = (titleMissing && !title.trim() ? "Enter a title" : undefined) ?? server.fieldErrors.title;

  function submit(event?: React.FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    if (create.isPending || create.isSuccess) return;
    if (!title.trim()) return setTitleMissing(true);
    const body: CreateIssueBody = { title: title.trim(), assigneeAgentId: agent.id, status: "todo", idempotencyKey };
    if (description.trim()) body.description = description.trim();
    if (project) body.projectId = project.id;
    // Stays pending through the navigation, so the button cannot make a second issue.
    create.mutate(body, { onSuccess: onCreated });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError>{server.formError}</FormError>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${id}-agent`} label="Assignee" error={server.fieldErrors.assigneeAgentId}>
          <Select {...fieldProps(`${id}-agent`, server.fieldErrors.assigneeAgentId)} value={agent.id} onChange={(event) => setAgentId(event.target.value)}>
            {agents.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${id}-project`} label="Project" optional error={server.fieldErrors.projectId}>
          <Select {...fieldProps(`${id}-project`, server.fieldErrors.projectId)} value={projectId} onChange={(event) => setProjectId(event.target.value)}>
            <RecordOptions none="No project" records={projects} label={(candidate) => candidate.name} />
          </Select>
        </Field>
      </div>
      <Field id={`${id}-title`} label="Title" error={titleError}>
        <Input
          {...fieldProps(`${id}-title`, titleError)}
          value={title}
          onChange={(event) => setTypedTitle(event.target.value)}
          maxLength={500}
          autoComplete="off"
        />
      </Field>
      <Field id={`${id}-description`} label="Description" optional error={server.fieldErrors.description} hint="Markdown. ⌘/Ctrl+Enter creates the issue.">
        <Textarea
          {...fieldProps(`${id}-description`, server.fieldErrors.description, true)}
          value={description}
          onChange={(event) => setTypedDescription(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
              event.preventDefault();
              submit();
            }
          }}
          rows={6}
        />
      </Field>
      <div className="flex justify-between gap-2">
        <Button onClick={onBack} disabled={create.isPending || create.isSuccess}>
          Back
        </Button>
        <Button type="submit" variant="primary" pending={create.isPending || create.isSuccess}>
          Create issue and start
        </Button>
      </div>
    </form>
  );
}
