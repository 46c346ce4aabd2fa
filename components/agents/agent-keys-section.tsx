"use client";

import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { splitError } from "@/components/ui/errors";
import { FormError, Input, fieldProps } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { KeyIcon } from "@/components/ui/icons";
import { Section } from "@/components/ui/page-header";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { EmptyState, ErrorState, LoadingList } from "@/components/ui/states";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { errorMessage } from "@/lib/queries/client";
import { useAgentKeys, useCreateAgentKey, useRevokeAgentKey } from "@/lib/queries/agents";
import type { AgentApiKey } from "@/lib/queries/types";

/** An agent's API keys: create (token shown once), list, revoke. Needs operator rights; the API refuses viewers. */
export function AgentKeysSection({ agentId, agentName }: { agentId: string; agentName: string }) {
  const keys = useAgentKeys(agentId);
  const createKey = useCreateAgentKey(agentId);
  const revokeKey = useRevokeAgentKey(agentId);
  const [token, setToken] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<AgentApiKey | null>(null);
  const id = useId();
  const { fieldErrors, formError } = splitError(createKey.error, ["name"]);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    createKey.mutate(name ? { name } : {}, {
      onSuccess: (created) => {
        setToken(created.token);
        form.reset();
      },
    });
  }

  return (
    <Section title="API keys" description={`Keys let ${agentName} call the API. Revoked keys stop working immediately.`}>
      <form onSubmit={submit} className="mb-4 flex flex-wrap items-start gap-2">
        <div className="w-full max-w-xs">
          <label htmlFor={`${id}-name`} className="sr-only">
            Key name
          </label>
          <Input {...fieldProps(`${id}-name`, fieldErrors.name)} name="name" placeholder="Key name, e.g. laptop" maxLength={120} autoComplete="off" />
          {fieldErrors.name ? (
            <p id={`${id}-name-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">
              {fieldErrors.name}
            </p>
          ) : null}
        </div>
        <Button type="submit" variant="primary" pending={createKey.isPending}>
          Create key
        </Button>
      </form>
      <div className="space-y-4">
        <FormError>{formError}</FormError>
        {token ? <SecretReveal token={token} label="New agent API key" onDone={() => setToken(null)} /> : null}
        {keys.isPending ? (
          <LoadingList rows={2} label="Loading keys…" />
        ) : keys.isError ? (
          <ErrorState error={keys.error} onRetry={() => void keys.refetch()} title="Couldn't load keys" />
        ) : keys.data.length === 0 ? (
          <EmptyState icon={<KeyIcon className="size-6" />} title="No API keys yet" description="Create a key and hand it to the agent; it authenticates as this agent." />
        ) : (
          <Table label="Agent API keys">
            <THead>
              <Th>Name</Th>
              <Th>Prefix</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>Status</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </THead>
            <TBody>
              {keys.data.map((key) => (
                <Tr key={key.id} className={key.revokedAt ? "opacity-60" : undefined}>
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
                  <Td>
                    {key.revokedAt ? (
                      <span title={`Revoked ${new Date(key.revokedAt).toLocaleString()}`}>
                        <Badge tone="red">Revoked</Badge>
                      </span>
                    ) : (
                      <Badge tone="green">Active</Badge>
                    )}
                  </Td>
                  <Td className="text-right">
                    {key.revokedAt ? null : (
                      <Button size="sm" variant="ghost" className="text-red-600 hover:text-red-700 dark:text-red-400 dark:hover:text-red-300" onClick={() => setRevoking(key)}>
                        Revoke
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke key “${revoking?.name ?? ""}”?`}
        description="Anything using this key loses access immediately. This can't be undone."
        confirmLabel="Revoke key"
        pending={revokeKey.isPending}
        error={revokeKey.error ? errorMessage(revokeKey.error) : null}
        onCancel={() => {
          revokeKey.reset();
          setRevoking(null);
        }}
        onConfirm={() =>
          revoking &&
          revokeKey.mutate(revoking.id, {
            onSuccess: () => {
              revokeKey.reset();
              setRevoking(null);
            },
          })
        }
      />
    </Section>
  );
}
