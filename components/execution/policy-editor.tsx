"use client";

import { useState } from "react";
import type { People } from "@/components/issues/people";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Checkbox, FormError, Input, Select } from "@/components/ui/form";
import { MutationDialog } from "@/components/ui/form-dialog";
import { errorMessage } from "@/lib/queries/client";
import { useUpdateIssue } from "@/lib/queries/issues";
import type { ExecutionPolicy, ExecutionPolicyInput, IssueDetail, UpdateIssueBody } from "@/lib/queries/types";

type DraftStage = { id?: string; type: "review" | "approval"; approvalsNeeded: number; participants: string[] };

const key = (participant: { type: string; agentId?: string | null; userId?: string | null }) =>
  participant.type === "agent" ? `agent:${participant.agentId}` : `user:${participant.userId}`;

function toDraft(policy: ExecutionPolicy | null): { commentRequired: boolean; stages: DraftStage[] } {
  if (!policy) return { commentRequired: true, stages: [{ type: "review", approvalsNeeded: 1, participants: [] }] };
  return {
    commentRequired: policy.commentRequired,
    stages: policy.stages.map((stage) => ({
      id: stage.id,
      type: stage.type,
      approvalsNeeded: stage.approvalsNeeded,
      participants: stage.participants.map(key),
    })),
  };
}

function toPolicy(draft: { commentRequired: boolean; stages: DraftStage[] }): ExecutionPolicyInput {
  return {
    commentRequired: draft.commentRequired,
    stages: draft.stages.map((stage) => ({
      ...(stage.id ? { id: stage.id } : {}),
      type: stage.type,
      approvalsNeeded: stage.approvalsNeeded,
      participants: stage.participants.map((participant) => {
        const [type, id] = participant.split(":");
        return type === "agent" ? { type: "agent" as const, agentId: id } : { type: "user" as const, userId: id };
      }),
    })),
  };
}

/** Stages in order, each a review or approval with its participants picked from the company's agents and board users. */
export function PolicyEditorDialog({ open, onClose, issue, people }: { open: boolean; onClose: () => void; issue: IssueDetail; people: People }) {
  const update = useUpdateIssue(issue.id);
  return (
    <MutationDialog
      open={open}
      onClose={onClose}
      title="Review stages"
      description="The work passes these stages, in order, before it is done."
      mutation={update}
    >
      {(form) => <PolicyForm {...form} issue={issue} people={people} />}
    </MutationDialog>
  );
}

function PolicyForm({
  issue,
  people,
  pending,
  error,
  onCancel,
  onSubmit,
}: {
  issue: IssueDetail;
  people: People;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (body: UpdateIssueBody) => void;
}) {
  const [draft, setDraft] = useState(() => toDraft(issue.executionPolicy as ExecutionPolicy | null));
  const setStage = (index: number, change: Partial<DraftStage>) =>
    setDraft((current) => ({ ...current, stages: current.stages.map((stage, i) => (i === index ? { ...stage, ...change } : stage)) }));
  const candidates = [
    ...people.agents.map((agent) => ({ value: `agent:${agent.id}`, label: `${agent.name} (agent)` })),
    ...people.members.map((member) => ({ value: `user:${member.userId}`, label: member.name })),
  ];
  const incomplete = draft.stages.some((stage) => stage.participants.length === 0);

  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!incomplete) onSubmit({ executionPolicy: draft.stages.length ? toPolicy(draft) : null });
      }}
    >
      <FormError>{error ? errorMessage(error) : null}</FormError>
      <div className="max-h-[60vh] space-y-4 overflow-y-auto">
        {draft.stages.map((stage, index) => (
          <fieldset key={index} className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            <legend className="px-1 text-xs font-medium text-zinc-500">Stage {index + 1}</legend>
            <div className="flex items-center gap-2">
              <Select
                aria-label={`Stage ${index + 1} type`}
                className="w-auto"
                value={stage.type}
                onChange={(event) => setStage(index, { type: event.target.value as DraftStage["type"] })}
              >
                <option value="review">Review</option>
                <option value="approval">Approval</option>
              </Select>
              <label className="flex items-center gap-1 text-xs">
                Approvals needed
                <Input
                  type="number"
                  min={1}
                  max={Math.max(1, stage.participants.length)}
                  className="w-16"
                  value={stage.approvalsNeeded}
                  onChange={(event) => setStage(index, { approvalsNeeded: Math.max(1, Number(event.target.value) || 1) })}
                />
              </label>
              <Button
                size="sm"
                variant="ghost"
                className="ml-auto"
                onClick={() => setDraft((current) => ({ ...current, stages: current.stages.filter((_, i) => i !== index) }))}
              >
                Remove
              </Button>
            </div>
            <div role="group" aria-label={`Stage ${index + 1} participants`} className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-2">
              {candidates.map((candidate) => (
                <label key={candidate.value} className="flex items-center gap-2">
                  <Checkbox
                    checked={stage.participants.includes(candidate.value)}
                    onChange={(event) =>
                      setStage(index, {
                        participants: event.target.checked
                          ? [...stage.participants, candidate.value]
                          : stage.participants.filter((value) => value !== candidate.value),
                      })
                    }
                  />
                  {candidate.label}
                </label>
              ))}
            </div>
            {stage.participants.length === 0 ? <p className="text-xs text-amber-700 dark:text-amber-400">Pick at least one participant.</p> : null}
          </fieldset>
        ))}
        <Button
          variant="secondary"
          size="sm"
          onClick={() => setDraft((current) => ({ ...current, stages: [...current.stages, { type: "approval", approvalsNeeded: 1, participants: [] }] }))}
        >
          Add stage
        </Button>
        <label className="flex items-center gap-2 text-sm">
          <Checkbox checked={draft.commentRequired} onChange={(event) => setDraft((current) => ({ ...current, commentRequired: event.target.checked }))} />
          Approvals need a comment
        </label>
      </div>
      <DialogFooter>
        {issue.executionPolicy ? (
          <Button variant="ghost" className="mr-auto" disabled={pending} onClick={() => onSubmit({ executionPolicy: null })}>
            Remove all stages
          </Button>
        ) : null}
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending} disabled={incomplete}>
          Save stages
        </Button>
      </DialogFooter>
    </form>
  );
}
