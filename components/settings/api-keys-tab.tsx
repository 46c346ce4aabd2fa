"use client";

import { ApiKeyManager } from "@/components/keys/api-key-manager";
import { useBoardKeys, useCreateBoardKey, useRevokeBoardKey } from "@/lib/queries/board-keys";

/** The signed-in user's own board API keys, for the Paperclip CLI and scripts. */
export function ApiKeysTab() {
  return (
    <ApiKeyManager
      title="Board API keys"
      description="Keys act as you, with your access, from the CLI or scripts. They expire after 30 days."
      keys={useBoardKeys(true)}
      create={useCreateBoardKey()}
      revoke={useRevokeBoardKey()}
      kind="board"
      namePlaceholder="Key name, e.g. paperclipai cli"
      emptyDescription="Create a key to use the board API from the command line."
      showExpiry
    />
  );
}
