"use client";

import { useId } from "react";
import { Field, Input, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps, useFieldErrors } from "@/components/ui/form-dialog";
import { useCreateCompany } from "@/lib/queries/companies";
import type { Company, CreateCompanyBody } from "@/lib/queries/types";

const FIELDS = ["name", "issuePrefix"] as const;

export function NewCompanyDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (company: Company) => void }) {
  return (
    <MutationDialog
      open={open}
      onClose={onClose}
      title="New company"
      description="You become its first owner. Agents, projects and goals live inside a company."
      mutation={useCreateCompany()}
      onSuccess={onCreated}
    >
      {(form) => <NewCompanyForm {...form} />}
    </MutationDialog>
  );
}

function NewCompanyForm({ pending, error, onCancel, onSubmit }: MutationFormProps<CreateCompanyBody>) {
  const id = useId();
  const { fieldErrors, formError, check } = useFieldErrors(error, FIELDS);

  function submit(form: FormData) {
    const name = formText(form, "name");
    if (!check({ name: !name && "Enter a name" })) return;
    const issuePrefix = formText(form, "issuePrefix").toUpperCase();
    onSubmit(issuePrefix ? { name, issuePrefix } : { name });
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel="Create company">
      <Field id={`${id}-name`} label="Name" error={fieldErrors.name}>
        <Input {...fieldProps(`${id}-name`, fieldErrors.name)} name="name" required maxLength={200} autoFocus autoComplete="organization" />
      </Field>
      <Field
        id={`${id}-prefix`}
        label="Issue prefix"
        optional
        error={fieldErrors.issuePrefix}
        hint="2–10 uppercase letters or digits, like ENG in ENG-12. Derived from the name if empty."
      >
        <Input
          {...fieldProps(`${id}-prefix`, fieldErrors.issuePrefix, true)}
          name="issuePrefix"
          maxLength={10}
          autoComplete="off"
          spellCheck={false}
          className="font-mono uppercase placeholder:normal-case"
          placeholder="ENG"
        />
      </Field>
    </DialogForm>
  );
}
