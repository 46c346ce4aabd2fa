"use client";

import { useId, useState } from "react";
import { useBoard } from "@/components/board/board-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { splitError } from "@/components/ui/errors";
import { Checkbox, Field, FormError, Input, fieldProps } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { PlusIcon, UsersIcon } from "@/components/ui/icons";
import { Section } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingList } from "@/components/ui/states";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { errorMessage } from "@/lib/queries/client";
import type { BoardUser, CreateUserBody } from "@/lib/queries/types";
import { useCreateUser, useUpdateUser, useUsers } from "@/lib/queries/users";
import { MIN_PASSWORD_LENGTH } from "@/lib/schemas/users";


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
      actions={
        <Button variant="primary" onClick={() => setAdding(true)}>
          <PlusIcon className="size-3.5" />
          Add user
        </Button>
      }
    >
      {updateUser.error && !disabling ? (
        <div className="mb-3">
          <FormError>{errorMessage(updateUser.error)}</FormError>
        </div>
      ) : null}
      {users.isPending ? (
        <LoadingList label="Loading users…" />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} title="Couldn't load users" />
      ) : users.data.length === 0 ? (
        <EmptyState icon={<UsersIcon className="size-6" />} title="No users" description="Add a user so they can sign in." />
      ) : (
        <Table label="Board users">
          <THead>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Access</Th>
            <Th>Status</Th>
            <Th>Created</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </THead>
          <TBody>
            {users.data.map((user) => (
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
      <AddUserDialog open={adding} onClose={() => setAdding(false)} />
      <ConfirmDialog
        open={disabling !== null}
        title={`Disable ${disabling?.name ?? ""}?`}
        description="They are signed out on their next request and their board API keys stop working. You can enable them again later."
        confirmLabel="Disable user"
        pending={updateUser.isPending}
        error={updateUser.error ? errorMessage(updateUser.error) : null}
        onCancel={() => {
          updateUser.reset();
          setDisabling(null);
        }}
        onConfirm={() =>
          disabling &&
          updateUser.mutate(
            { userId: disabling.id, disabled: true },
            {
              onSuccess: () => {
                updateUser.reset();
                setDisabling(null);
              },
            },
          )
        }
      />
    </Section>
  );
}

const USER_FIELDS = ["email", "name", "password", "isInstanceAdmin"] as const;

function AddUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const createUser = useCreateUser();
  const close = () => {
    if (createUser.isPending) return;
    createUser.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="Add user" description="Share the initial password with them privately.">
      <AddUserForm
        pending={createUser.isPending}
        error={createUser.error}
        onCancel={close}
        onSubmit={(body) =>
          createUser.mutate(body, {
            onSuccess: () => {
              createUser.reset();
              onClose();
            },
          })
        }
      />
    </Dialog>
  );
}

function AddUserForm({ pending, error, onCancel, onSubmit }: { pending: boolean; error: unknown; onCancel: () => void; onSubmit: (body: CreateUserBody) => void }) {
  const id = useId();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const server = splitError(error, USER_FIELDS);
  const fieldErrors = { ...server.fieldErrors, ...localErrors };

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: CreateUserBody = {
      email: String(form.get("email") ?? "").trim(),
      name: String(form.get("name") ?? "").trim(),
      password: String(form.get("password") ?? ""),
      isInstanceAdmin: form.get("isInstanceAdmin") === "on",
    };
    const local: Record<string, string> = {};
    if (!body.email) local.email = "Enter an email address";
    if (!body.name) local.name = "Enter a name";
    if (body.password.length < MIN_PASSWORD_LENGTH) local.password = `At least ${MIN_PASSWORD_LENGTH} characters`;
    setLocalErrors(local);
    if (Object.keys(local).length === 0) onSubmit(body);
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <FormError>{server.formError}</FormError>
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
      <DialogFooter>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={pending}>
          Add user
        </Button>
      </DialogFooter>
    </form>
  );
}
