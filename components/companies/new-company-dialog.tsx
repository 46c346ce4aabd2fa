"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { splitError } from "@/components/ui/errors";
import { Field, FormError, Input, fieldProps } from "@/components/ui/form";
import { useCreateCompany } from "@/lib/queries/companies";
import type { Company, CreateCompanyBody } from "@/lib/queries/types";

const FIELDS = ["name", "issuePrefix"] as const;

export function NewCompanyDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (company: Company) => void }) {
  const createCompany = useCreateCompany();
  const close = () => {
    if (createCompany.isPending) return;
    createCompany.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="New company" description="You become its first owner. Agents, projects and goals live inside a company.">
      <NewCompanyForm
        pending={createCompany.isPending}
        error={createCompany.error}
        onCancel={close}
        onSubmit={(body) =>
          createCompany.mutate(body, {
            onSuccess: (company) => {
              createCompany.reset();
              onClose();
              onCreated(company);
            },
          })
        }
      />
    </Dialog>
  );
}

function NewCompanyForm({ pending, error, onCancel, onSubmit }: { pending: boolean; error: unknown; onCancel: () => void; onSubmit: (body: CreateCompanyBody) => void }) {
  const id = useId();
  const [nameError, setNameError] = useState<string | null>(null);
  const { fieldErrors, formError } = splitError(error, FIELDS);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    if (!name) return setNameError("Enter a name");
    setNameError(null);
    const issuePrefix = String(form.get("issuePrefix") ?? "").trim().toUpperCase();
    onSubmit(issuePrefix ? { name, issuePrefix } : { name });
  }

  const nameMessage = nameError ?? fieldErrors.name;
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <FormError>{formError}</FormError>
      <Field id={`${id}-name`} label="Name" error={nameMessage}>
        <Input {...fieldProps(`${id}-name`, nameMessage)} name="name" required maxLength={200} autoFocus autoComplete="organization" />
      </Field>
      <Field id={`${id}-prefix`} label="Issue prefix" optional error={fieldErrors.issuePrefix} hint="2–10 uppercase letters or digits, like ENG in ENG-12. Derived from the name if empty.">
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
      <DialogFooter>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          Create company
        </Button>
      </DialogFooter>
    </form>
  );
}
