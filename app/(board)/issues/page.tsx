import type { Metadata } from "next";
import { listViewFilters, parseListViewRecord } from "@/components/issues/list-view";
import { type IssuePage, issuePagePath } from "@/lib/queries/issues";
import { issueKeys } from "@/lib/queries/keys";
import { labelList, people, projectList, savedViewList } from "@/lib/queries/page-prefetch";
import { Prefetch, apiGetOnServer } from "@/lib/queries/prefetch";
import type { Issue } from "@/lib/queries/types";
import { requireBoardContext } from "@/lib/session";
import { IssuesClient } from "./issues-client";

export const metadata: Metadata = { title: "Issues · Switchboard" };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Prefetches what the list paints first, under the client hooks' own keys and URLs: the first page of the list for the
 * URL's view (as the infinite query holds it), the people, projects and labels its rows and filters name, and the
 * user's saved views.
 */
export default async function IssuesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { companyId } = await requireBoardContext();
  if (!companyId) return <IssuesClient companyId={null} />;
  const filters = listViewFilters(parseListViewRecord(await searchParams));
  return (
    <Prefetch
      prefetch={(client) =>
        Promise.all([
          client.prefetchInfiniteQuery({
            queryKey: issueKeys.pages(companyId, filters),
            queryFn: async (): Promise<IssuePage> => {
              const path = issuePagePath(companyId, filters);
              const result = await apiGetOnServer<Issue[]>(path);
              if (!result) throw new Error(`GET ${path} failed while prefetching`);
              return { issues: result.data, nextCursor: result.headers.get("x-next-cursor") };
            },
            initialPageParam: undefined as string | undefined,
          }),
          people(client, companyId),
          projectList(client, companyId),
          labelList(client, companyId),
          savedViewList(client, companyId),
        ])
      }
    >
      <IssuesClient companyId={companyId} />
    </Prefetch>
  );
}
