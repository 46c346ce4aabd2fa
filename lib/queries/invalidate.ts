import type { InvalidateQueryFilters, QueryClient } from "@tanstack/react-query";

/**
 * invalidateQueries, including queries whose first load is still in flight: react-query lets an invalidation join a
 * first load rather than restart it, and that load may have read the database before the change it is told about.
 * Those are fetched again once they land, so a live event can never be lost to a page that is still loading.
 */
export function invalidateLive(queryClient: QueryClient, filters: InvalidateQueryFilters) {
  void queryClient.invalidateQueries(filters);
  for (const query of queryClient.getQueryCache().findAll(filters)) {
    if (query.state.data !== undefined || query.state.fetchStatus !== "fetching") continue;
    void query.promise?.then(
      () => queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true }),
      () => undefined,
    );
  }
}
