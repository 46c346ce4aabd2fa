import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { type Held, type HeldAction, isHeld, issuePath, useIssueMutation } from "./issues";
import { issueKeys } from "./keys";
import type { DocumentRevision, Interaction, IssueDocument } from "./types";

export function useIssueDocuments(ref: string) {
  return useQuery({
    queryKey: issueKeys.documents(ref),
    queryFn: ({ signal }) => apiFetch<IssueDocument[]>(`${issuePath(ref)}/documents`, { signal }),
  });
}

/** Fetched only when asked for (history or a diff is opened), since every revision carries its full body. */
export function useDocumentRevisions(ref: string, key: string, enabled: boolean) {
  return useQuery({
    queryKey: issueKeys.revisions(ref, key),
    queryFn: ({ signal }) => apiFetch<DocumentRevision[]>(`${issuePath(ref)}/documents/${encodeURIComponent(key)}/revisions`, { signal }),
    enabled,
  });
}

export function useInteractions(ref: string) {
  return useQuery({
    queryKey: issueKeys.interactions(ref),
    queryFn: ({ signal }) => apiFetch<Interaction[]>(`${issuePath(ref)}/interactions`, { signal }),
  });
}

export type InteractionAction =
  | { type: "accept"; selectedClientKeys?: string[]; selectedOptionIds?: string[] }
  | { type: "reject"; reason?: string }
  | { type: "cancel"; reason?: string }
  | { type: "withdraw"; reason?: string }
  | { type: "respond"; answers: { questionId: string; optionIds: string[]; otherText?: string | null }[] };

/** What resolving did: the interaction as decided, or (202) an acceptance held until the issue's workspace settles. */
export type InteractionResolution = { issueId: string; interaction: Interaction; held: HeldAction | null };

export function useResolveInteraction(issueRef: string, interactionId: string) {
  return useIssueMutation(async ({ type, ...body }: InteractionAction): Promise<InteractionResolution> => {
    const result = await apiFetch<Interaction | Held<{ interaction: Interaction }>>(
      `${issuePath(issueRef)}/interactions/${encodeURIComponent(interactionId)}/${type}`,
      { method: "POST", body },
    );
    return isHeld(result)
      ? { issueId: result.interaction.issueId, interaction: result.interaction, held: result.heldAction }
      : { issueId: result.issueId, interaction: result, held: null };
  });
}

export function useRestoreRevision(issueId: string, key: string) {
  return useIssueMutation((revisionId: string) =>
    apiFetch<IssueDocument>(`${issuePath(issueId)}/documents/${encodeURIComponent(key)}/revisions/${encodeURIComponent(revisionId)}/restore`, {
      method: "POST",
      body: {},
    }),
  );
}
