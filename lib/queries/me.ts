import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "./client";
import { meKeys } from "./keys";
import type { Me } from "./types";

export function useMe() {
  return useQuery({ queryKey: meKeys.detail(), queryFn: ({ signal }) => apiFetch<Me>("/api/me", { signal }) });
}
