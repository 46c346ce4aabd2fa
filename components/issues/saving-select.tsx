"use client";

import { useId, useState } from "react";
import { Field, Select, fieldProps } from "@/components/ui/form";
import { errorMessage } from "@/lib/queries/client";
import { useUpdateIssue } from "@/lib/queries/issues";
import type { UpdateIssueBody } from "@/lib/queries/types";

/**
 * One field of the issue as a select that saves on change. Each control has its own request, so a refusal (say
 * `blockers_unresolved` when starting a blocked issue) shows its problem detail right under the control that caused it.
 */
export function SavingSelect({
  issueId,
  label,
  hint,
  value,
  toBody,
  disabled,
  children,
}: {
  issueId: string;
  label: string;
  hint?: React.ReactNode;
  value: string;
  toBody: (value: string) => UpdateIssueBody;
  disabled: boolean;
  children: React.ReactNode;
}) {
  const id = useId();
  const update = useUpdateIssue(issueId);
  // While saving, show the choice rather than jumping back to the stored value.
  const [chosen, setChosen] = useState(value);
  const error = update.error ? errorMessage(update.error) : undefined;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Select
        {...fieldProps(id, error, Boolean(hint))}
        value={update.isPending ? chosen : value}
        disabled={disabled || update.isPending}
        onChange={(event) => {
          setChosen(event.target.value);
          update.mutate(toBody(event.target.value));
        }}
      >
        {children}
      </Select>
    </Field>
  );
}
