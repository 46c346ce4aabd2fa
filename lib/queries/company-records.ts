import { type QueryKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client";

/**
 * The read and create hooks of a kind of record that belongs to a company: listed and created at
 * `/api/companies/:companyId/<segment>`, read one at a time at `/api/<segment>/:id`. Creating refreshes the company's list.
 */
export function companyRecords<Row, CreateBody, Detail = Row>(
  segment: string,
  keys: { list: (companyId: string) => QueryKey; detail: (id: string) => QueryKey },
) {
  const listPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/${segment}`;
  const path = (id: string) => `/api/${segment}/${encodeURIComponent(id)}`;
  return {
    /** One record's path, for the kind's own update and delete hooks. */
    path,
    useList(companyId: string) {
      return useQuery({ queryKey: keys.list(companyId), queryFn: ({ signal }) => apiFetch<Row[]>(listPath(companyId), { signal }) });
    },
    useOne(id: string) {
      return useQuery({ queryKey: keys.detail(id), queryFn: ({ signal }) => apiFetch<Detail>(path(id), { signal }) });
    },
    useCreate(companyId: string) {
      const queryClient = useQueryClient();
      return useMutation({
        mutationFn: (body: CreateBody) => apiFetch<Row>(listPath(companyId), { method: "POST", body }),
        onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.list(companyId) }),
      });
    },
  };
}
