"use client";

import { useId, useState } from "react";
import { useBoard } from "@/components/board/board-context";
import { Badge } from "@/components/ui/badge";
import { Button, CreateButton } from "@/components/ui/button";
import { MutationConfirmDialog } from "@/components/ui/confirm-dialog";
import { Checkbox, Field, FormError, Input, fieldProps, formText } from "@/components/ui/form";
import { DialogForm, MutationDialog, type MutationFormProps, useFieldErrors } from "@/components/ui/form-dialog";
import { Time } from "@/components/ui/format";
import { UsersIcon } from "@/components/ui/icons";
import { Section } from "@/components/ui/page-header";
import { EmptyState, QueryList } from "@/components/ui/states";
import { ActionsTh, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { errorMessage } from "@/lib/queries/client";
import type { BoardUser, CreateUserBody } from "@/lib/queries/types";
import { useCreateUser, useUpdateUser, useUsers } from "@/lib/queries/users";
import { MIN_PASSWORD_LENGTH } from "@/lib/schemas/values";

/** Instance admins only: every board user on the instance. */
export function UsersTab() {
  const { user: me } = useBoard();
  const users = useUsers();
  const updateUser = useUpdateUser();
  const [adding, setAdding] = useState(false);
  const [disabling, setDisabling] = useState<BoardUser | null>(null);

  return (
    <Section
      title="Board users"
      description="People who can sign in to this instance. Add them to companies from the Members tab."
      actions={<CreateButton onClick={() => setAdding(true)}>Add user</CreateButton>}
    >
      {updateUser.error && !disabling ? (
        <div className="mb-3">
          <FormError>{errorMessage(updateUser.error)}</FormError>
        </div>
      ) : null}
      <QueryList
        query={users}
        what="users"
        empty={<EmptyState icon={<UsersIcon className="size-6" />} title="No users" description="Add a user so they can sign in." />}
      >
        {(rows) => (
          <Table label="Board users">
            <THead>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Access</Th>
              <Th>Status</Th>
              <Th>Created</Th>
              <ActionsTh />
            </THead>
            <TBody>
              {rows.map((user) => (
                <Tr key={user.id} className={user.disabled ? "opacity-60" : undefined}>
                  <Td>
                    <span className="font-medium text-zinc-900 dark:text-zinc-100">{user.name}</span>
                    {user.id === me.id ? <span className="ml-1.5 text-xs text-zinc-400">(you)</span> : null}
                  </Td>
                  <Td className="text-zinc-500 dark:text-zinc-400">{user.email}</Td>
                  <Td>{user.isInstanceAdmin ? <Badge tone="violet">Instance admin</Badge> : <Badge>Member</Badge>}</Td>
                  <Td>{user.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}</Td>
                  <Td className="text-zinc-500 dark:text-zinc-400">
                    <Time value={user.createdAt} />
                  </Td>
                  <Td className="text-right">
                    {user.id === me.id ? null : user.disabled ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={updateUser.isPending}
                        aria-label={`Enable ${user.name}`}
                        onClick={() => updateUser.mutate({ userId: user.id, disabled: false })}
                      >
                        Enable
                      </Button>
                    ) : (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-red-600 hover:text-red-700 dark:text-red-400 dark:hover:text-red-300"
                        aria-label={`Disable ${user.name}`}
                        onClick={() => {
                          updateUser.reset();
                          setDisabling(user);
                        }}
                      >
                        Disable
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </QueryList>
      <AddUserDialog open={adding} onClose={() => setAdding(false)} />
      <MutationConfirmDialog
        target={disabling}
        onClose={() => setDisabling(null)}
        mutation={updateUser}
        variables={(user) => ({ userId: user.id, disabled: true })}
        title={`Disable ${disabling?.name ?? ""}?`}
        description="They are signed out on their next request and their board API keys stop working. You can enable them again later."
        confirmLabel="Disable user"
      />
    </Section>
  );
}

const USER_FIELDS = ["email", "name", "password", "isInstanceAdmin"] as const;

function AddUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <MutationDialog open={open} onClose={onClose} title="Add user" description="Share the initial password with them privately." mutation={useCreateUser()}>
      {(form) => <AddUserForm {...form} />}
    </MutationDialog>
  );
}

function AddUserForm({ pending, error, onCancel, onSubmit }: MutationFormProps<CreateUserBody>) {
  const id = useId();
  const { fieldErrors, formError, check } = useFieldErrors(error, USER_FIELDS);

  function submit(form: FormData) {
    const body: CreateUserBody = {
      email: formText(form, "email"),
      name: formText(form, "name"),
      password: String(form.get("password") ?? ""),
      isInstanceAdmin: form.get("isInstanceAdmin") === "on",
    };
    const passed = check({
      email: !body.email && "Enter an email address",
      name: !body.name && "Enter a name",
      password: body.password.length < MIN_PASSWORD_LENGTH && `At least ${MIN_PASSWORD_LENGTH} characters`,
    });
    if (passed) onSubmit(body);
  }

  return (
    <DialogForm onSubmit={submit} formError={formError} pending={pending} onCancel={onCancel} submitLabel="Add user">
      <Field id={`${id}-email`} label="Email" error={fieldErrors.email}>
        <Input {...fieldProps(`${id}-email`, fieldErrors.email)} name="email" type="email" autoComplete="off" autoFocus />
      </Field>
      <Field id={`${id}-name`} label="Name" error={fieldErrors.name}>
        <Input {...fieldProps(`${id}-name`, fieldErrors.name)} name="name" autoComplete="off" maxLength={200} />
      </Field>
      <Field id={`${id}-password`} label="Initial password" error={fieldErrors.password} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        <Input {...fieldProps(`${id}-password`, fieldErrors.password, true)} name="password" type="password" autoComplete="new-password" />
      </Field>
      <div className="flex items-start gap-2">
        <Checkbox id={`${id}-admin`} name="isInstanceAdmin" className="mt-0.5" />
        <label htmlFor={`${id}-admin`} className="text-sm">
          <span className="font-medium">Instance admin</span>
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">Can create companies, manage users and open every company.</span>
        </label>
      </div>
    </DialogForm>
  );
}
