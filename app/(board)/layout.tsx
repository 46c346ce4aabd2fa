import Link from "next/link";
import { BoardProvider } from "@/components/board/board-context";
import { CompanySwitcher } from "@/components/board/company-switcher";
import { NavLinks } from "@/components/board/nav-links";
import { ThemeToggle } from "@/components/board/theme-toggle";
import { UserMenu } from "@/components/board/user-menu";
import { LogoIcon } from "@/components/ui/icons";
import { experimentalForPage } from "@/lib/instance/settings";
import { requireBoardContext } from "@/lib/session";

// Every board page depends on the session cookie and the chosen company.
export const dynamic = "force-dynamic";

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

  return (
    <BoardProvider value={value}>
      <div className="flex min-h-screen flex-col md:flex-row">
        <aside className="flex shrink-0 flex-col border-b border-zinc-200 bg-zinc-50 md:sticky md:top-0 md:h-screen md:w-60 md:border-r md:border-b-0 dark:border-zinc-800 dark:bg-zinc-900/40">
          <div className="flex items-center gap-2 px-4 pt-4 pb-3">
            <Link
              href="/agents"
              className="flex items-center gap-2 rounded-md text-sm font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
            >
              <LogoIcon className="size-5 text-zinc-900 dark:text-zinc-100" />
              Switchboard
            </Link>
          </div>
          <div className="px-3 pb-3">
            <CompanySwitcher />
          </div>
          <div className="flex-1 overflow-y-auto px-3 pb-3">
            <NavLinks />
          </div>
          <div className="space-y-3 border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
            <ThemeToggle />
            <UserMenu />
          </div>
        </aside>
        <main className="min-w-0 flex-1">
          <div className="mx-auto max-w-5xl px-6 py-8 md:px-10">{children}</div>
        </main>
      </div>
    </BoardProvider>
  );
}
