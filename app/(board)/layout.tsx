import Link from "next/link";
import { BoardMenu } from "@/components/board/board-menu";
import { BoardProvider } from "@/components/board/board-context";
import { CommandPalette } from "@/components/board/command-palette";
import { MobileNav } from "@/components/board/mobile-nav";
import { SkipLink } from "@/components/board/skip-link";
import { RenderTimeProvider } from "@/components/ui/clock";
import { LogoIcon } from "@/components/ui/icons";
import { experimentalForPage } from "@/lib/instance/settings";
import { sidebarBadges } from "@/lib/queries/page-prefetch";
import { Prefetch } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";

// Every board page depends on the session cookie and the chosen company.
export const dynamic = "force-dynamic";

// A server component renders once per request: reading the clock here is the request's time, not a render impurity.
const requestTime = () => Date.now();

export default async function BoardLayout({ children }: { children: React.ReactNode }) {
  const context = await requireBoardContext();
  const value = {
    user: { id: context.user.id, name: context.user.name, email: context.user.email },
    isInstanceAdmin: context.isInstanceAdmin,
    companies: context.companies,
    companyId: context.companyId,
    // Read with the page, so workspace UI is there (or not) from the first paint.
    experimental: await experimentalForPage(),
  };
  // Relative times ("5 min ago") render against this on the server and during hydration, so both write the same text.
  const renderedAt = requestTime();

  return (
    <BoardProvider value={value}>
      <SkipLink />
      {/* The sidebar's badges (Needs me, Approvals, Inbox) render from the server's data on every first paint. Fetched here, above
          the page, their cache entry holds data before any page hydrates: an empty entry made by the sidebar first would
          keep the Needs me page's own prefetched data out until an effect, and hydration would mismatch (React #418). */}
      <Prefetch prefetch={async (client) => context.companyId && sidebarBadges(client, context.companyId)}>
        <div className="flex min-h-screen flex-col md:flex-row">
          <MobileNav />
          <aside className="hidden shrink-0 flex-col border-zinc-200 bg-zinc-50 md:sticky md:top-0 md:flex md:h-screen md:w-60 md:border-r dark:border-zinc-800 dark:bg-zinc-900/40">
            <div className="flex items-center gap-2 px-4 pt-4 pb-3">
              <Link
                href="/agents"
                className="flex items-center gap-2 rounded-md text-sm font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
              >
                <LogoIcon className="size-5 text-zinc-900 dark:text-zinc-100" />
                Switchboard
              </Link>
            </div>
            <BoardMenu />
          </aside>
          {/* The skip link's target: focusable by script only, with no ring for a region nobody tabs to. */}
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
            <div className="mx-auto max-w-5xl px-4 py-6 sm:px-6 md:px-10 md:py-8">
              <RenderTimeProvider at={renderedAt}>{children}</RenderTimeProvider>
            </div>
          </main>
        </div>
      </Prefetch>
      <CommandPalette />
    </BoardProvider>
  );
}
