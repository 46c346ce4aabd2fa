"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { splitError } from "@/components/ui/errors";
import { Field, FormError, Input, fieldProps } from "@/components/ui/form";
import { useCreateCompany } from "@/lib/queries/companies";
import type { CompanySummary } from "@/lib/session";
import { issuePrefixProblem, suggestIssuePrefix } from "@/lib/companies/issue-prefix";

const FIELDS = ["name", "issuePrefix"] as const;

/**
 * Name and issue prefix. The prefix follows the name as it is typed until the user edits it, is checked as it changes
 * once touched, and a prefix another company holds comes back from the server under the field.
 */
export function CompanyStep({
  company,
  canCreateCompany,
  onCreated,
  onContinue,
}: {
  company: CompanySummary | null;
  canCreateCompany: boolean;
  onCreated: (company: CompanySummary) => void;
  onContinue: () => void;
}) {
  const [another, setAnother] = useState(false);
  if (company && !another) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          You're setting up <span className="font-medium text-zinc-900 dark:text-zinc-100">{company.name}</span>; its issues are numbered{" "}
          <span className="font-mono">{company.issuePrefix}-1</span>, <span className="font-mono">{company.issuePrefix}-2</span>, …
        </p>
        <div className="flex flex-wrap justify-end gap-2">
          {canCreateCompany ? (
            <Button variant="ghost" onClick={() => setAnother(true)}>
              Create another company
            </Button>
          ) : null}
          <Button variant="primary" onClick={onContinue} autoFocus>
            Continue
          </Button>
        </div>
      </div>
    );
  }
  if (!canCreateCompany) {
    return <p className="text-sm text-zinc-700 dark:text-zinc-300">Only an instance admin creates companies. Ask one to add you to a company.</p>;
  }
  return <CompanyForm onCreated={onCreated} />;
}

function CompanyForm({ onCreated }: { onCreated: (company: CompanySummary) => void }) {
  const id = useId();
  const create = useCreateCompany();
  const [name, setName] = useState("");
  // null: derived from the name; a string: what the user typed (an emptied field goes back to deriving).
  const [typedPrefix, setTypedPrefix] = useState<string | null>(null);
  const [checked, setChecked] = useState({ name: false, prefix: false });
  const prefix = typedPrefix ?? suggestIssuePrefix(name);
  const server = splitError(create.error, FIELDS);
  const nameError = (checked.name && !name.trim() && "Enter a name") || server.fieldErrors.name;
  const prefixError = (checked.prefix && issuePrefixProblem(prefix)) || server.fieldErrors.issuePrefix;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked({ name: true, prefix: true });
    if (!name.trim() || issuePrefixProblem(prefix)) return;
    create.mutate(
      { name: name.trim(), issuePrefix: prefix },
      { onSuccess: (company) => onCreated({ id: company.id, name: company.name, issuePrefix: company.issuePrefix, role: "owner" }) },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError>{server.formError}</FormError>
      <Field id={`${id}-name`} label="Company name" error={nameError || undefined}>
        <Input
          {...fieldProps(`${id}-name`, nameError || undefined)}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            if (create.error) create.reset();
          }}
          onBlur={() => setChecked((current) => ({ ...current, name: name.trim() !== "" || current.name }))}
          maxLength={200}
          autoComplete="organization"
          placeholder="Acme Robotics"
          autoFocus
          required
        />
      </Field>
      <Field
        id={`${id}-prefix`}
        label="Issue prefix"
        error={prefixError || undefined}
        hint={
          prefix && !issuePrefixProblem(prefix) ? (
            <>
              Issues will be numbered <span className="font-mono">{prefix}-1</span>, <span className="font-mono">{prefix}-2</span>, … Derived from the name;
              change it if you like.
            </>
          ) : (
            "2–10 uppercase letters or digits, starting with a letter."
          )
        }
      >
        <Input
          {...fieldProps(`${id}-prefix`, prefixError || undefined, true)}
          value={prefix}
          onChange={(event) => {
            const typed = event.target.value.toUpperCase();
            setTypedPrefix(typed === "" ? null : typed);
            setChecked((current) => ({ ...current, prefix: true }));
            if (create.error) create.reset();
          }}
          maxLength={10}
          autoComplete="off"
          spellCheck={false}
          className="w-40 font-mono uppercase"
          required
        />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create company
        </Button>
      </div>
    </form>
  );
}
