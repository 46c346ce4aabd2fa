"use client";

import type { UseMutationResult, UseQueryResult } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { MutationConfirmDialog } from "@/components/ui/confirm-dialog";
import { splitError } from "@/components/ui/errors";
import { FormError, Input, fieldProps, formText } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { KeyIcon } from "@/components/ui/icons";
import { Section } from "@/components/ui/page-header";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { EmptyState, QueryList } from "@/components/ui/states";
import { ActionsTh, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";

export type ApiKeyRow = {
  id: string;
  name: string;
  keyPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt?: string | null;
};

function keyState(key: ApiKeyRow): "active" | "revoked" | "expired" {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) return "expired";
  return "active";
}

/**
 * Create (the token is shown once), list and revoke API keys. Shared by agent keys and the user's board keys,
 * which differ only in their hooks and wording.
 */
export function ApiKeyManager({
  title,
  description,
  keys,
  create,
  revoke,
  kind,
  namePlaceholder,
  emptyDescription,
  showExpiry = false,
}: {
  title: string;
  description: React.ReactNode;
  keys: UseQueryResult<ApiKeyRow[]>;
  create: UseMutationResult<{ token: string }, Error, { name?: string }>;
  revoke: UseMutationResult<unknown, Error, string>;
  /** "agent" or "board", for accessible names. */
  kind: string;
  namePlaceholder: string;
  emptyDescription: string;
  showExpiry?: boolean;
}) {
  const id = useId();
  const [token, setToken] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const { fieldErrors, formError } = splitError(create.error, ["name"]);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = formText(new FormData(form), "name");
    create.mutate(name ? { name } : {}, {
      onSuccess: (created) => {
        setToken(created.token);
        form.reset();
      },
    });
  }

  return (
    <Section title={title} description={description}>
      <form onSubmit={submit} className="mb-4 flex flex-wrap items-start gap-2">
        <div className="w-full max-w-xs">
          <label htmlFor={`${id}-name`} className="sr-only">
            Key name
          </label>
          <Input {...fieldProps(`${id}-name`, fieldErrors.name)} name="name" placeholder={namePlaceholder} maxLength={120} autoComplete="off" />
          {fieldErrors.name ? (
            <p id={`${id}-name-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">
              {fieldErrors.name}
            </p>
          ) : null}
        </div>
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create key
        </Button>
      </form>
      <div className="space-y-4">
        <FormError>{formError}</FormError>
        {token ? <SecretReveal token={token} label={`New ${kind} API key`} onDone={() => setToken(null)} /> : null}
        <QueryList
          query={keys}
          what="keys"
          rows={2}
          empty={<EmptyState icon={<KeyIcon className="size-6" />} title="No API keys yet" description={emptyDescription} />}
        >
          {(rows) => (
            <Table label={`${kind.charAt(0).toUpperCase()}${kind.slice(1)} API keys`}>
              <THead>
                <Th>Name</Th>
                <Th>Prefix</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                {showExpiry ? <Th>Expires</Th> : null}
                <Th>Status</Th>
                <ActionsTh />
              </THead>
              <TBody>
                {rows.map((key) => {
                  const state = keyState(key);
                  return (
                    <Tr key={key.id} className={state === "active" ? undefined : "opacity-60"}>
                      <Td className="font-medium text-zinc-900 dark:text-zinc-100">{key.name}</Td>
                      <Td>
                        <code className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{key.keyPrefix}…</code>
                      </Td>
                      <Td className="text-zinc-500 dark:text-zinc-400">
                        <Time value={key.createdAt} />
                      </Td>
                      <Td className="text-zinc-500 dark:text-zinc-400">
                        <Time value={key.lastUsedAt} relative empty="Never" />
                      </Td>
                      {showExpiry ? (
                        <Td className="text-zinc-500 dark:text-zinc-400">
                          <Time value={key.expiresAt} empty="Never" />
                        </Td>
                      ) : null}
                      <Td>
                        {state === "active" ? (
                          <Badge tone="green">Active</Badge>
                        ) : state === "revoked" ? (
                          <span title={key.revokedAt ? `Revoked ${new Date(key.revokedAt).toLocaleString()}` : undefined}>
                            <Badge tone="red">Revoked</Badge>
                          </span>
                        ) : (
                          <Badge>Expired</Badge>
                        )}
                      </Td>
                      <Td className="text-right">
                        {state === "active" ? (
                          <Button
                            size="sm"
                            variant="ghost"
                            className="text-red-600 hover:text-red-700 dark:text-red-400 dark:hover:text-red-300"
                            onClick={() => {
                              revoke.reset();
                              setRevoking(key);
                            }}
                          >
                            Revoke
                          </Button>
                        ) : null}
                      </Td>
                    </Tr>
                  );
                })}
              </TBody>
            </Table>
          )}
        </QueryList>
      </div>
      <MutationConfirmDialog
        target={revoking}
        onClose={() => setRevoking(null)}
        mutation={revoke}
        variables={(key) => key.id}
        title={`Revoke key “${revoking?.name ?? ""}”?`}
        description="Anything using this key loses access immediately. This can't be undone."
        confirmLabel="Revoke key"
      />
    </Section>
  );
}
