"use client";

import { ApiKeyManager } from "@/components/keys/api-key-manager";
import { useAgentKeys, useCreateAgentKey, useRevokeAgentKey } from "@/lib/queries/agents";

/** An agent's API keys; needs operator rights (the API refuses viewers). */
export function AgentKeysSection({ agentId, agentName }: { agentId: string; agentName: string }) {
  return (
    <ApiKeyManager
      title="API keys"
      description={`Keys let ${agentName} call the API as itself. Revoked keys stop working immediately.`}
      keys={useAgentKeys(agentId)}
      create={useCreateAgentKey(agentId)}
      revoke={useRevokeAgentKey(agentId)}
      kind="agent"
      namePlaceholder="Key name, e.g. laptop"
      emptyDescription="Create a key and hand it to the agent; it authenticates as this agent."
    />
  );
}
