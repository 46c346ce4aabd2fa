import { useQuery } from "@tanstack/react-query";
import type { SerializedThought } from "@/lib/thoughts/thoughts";
import { apiFetch } from "./client";

export type Thought = SerializedThought;

/** How many of an issue's thoughts the issue page shows: the current one and the ten before it. */
export const ISSUE_THOUGHTS_SHOWN = 11;

export const thoughtKeys = {
  all: ["thoughts"] as const,
  issues: () => [...thoughtKeys.all, "issue"] as const,
  issue: (issueId: string) => [...thoughtKeys.issues(), issueId] as const,
  agents: () => [...thoughtKeys.all, "agent"] as const,
  agent: (agentId: string) => [...thoughtKeys.agents(), agentId] as const,
  /** A run's thoughts; live events don't name the run, so a thought refreshes every run's list that is on screen. */
  runs: () => [...thoughtKeys.all, "run"] as const,
  run: (runId: string) => [...thoughtKeys.runs(), runId] as const,
};

type ThoughtList = { thoughts: Thought[] };

/** An issue's thoughts, newest first: the first is what the agent working it thinks now. */
export function useIssueThoughts(issueId: string) {
  return useQuery({
    queryKey: thoughtKeys.issue(issueId),
    queryFn: ({ signal }) => apiFetch<ThoughtList>(`/api/issues/${encodeURIComponent(issueId)}/thoughts?limit=${ISSUE_THOUGHTS_SHOWN}`, { signal }),
    select: (data) => data.thoughts,
  });
}

/** The agent's newest thought, whichever task it was about; null before its first. */
export function useAgentCurrentThought(agentId: string) {
  return useQuery({
    queryKey: thoughtKeys.agent(agentId),
    queryFn: ({ signal }) => apiFetch<ThoughtList>(`/api/agents/${encodeURIComponent(agentId)}/thoughts?limit=1`, { signal }),
    select: (data) => data.thoughts[0] ?? null,
  });
}

/** Every thought of a run, oldest first: the run's history of what it was thinking. */
export function useRunThoughts(runId: string) {
  return useQuery({
    queryKey: thoughtKeys.run(runId),
    queryFn: ({ signal }) => apiFetch<ThoughtList>(`/api/heartbeat-runs/${encodeURIComponent(runId)}/thoughts`, { signal }),
    select: (data) => data.thoughts,
  });
}
