"use client";

import { CompanySwitcher } from "./company-switcher";
import { NavLinks } from "./nav-links";
import { SearchButton } from "./search-button";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/** The sidebar's body below the logo, the same on wide screens and in the phone drawer; `onSearch` closes the drawer. */
export function BoardMenu({ onSearch }: { onSearch?: () => void }) {
  return (
    <>
      <div className="space-y-2 px-3 pb-3">
        <CompanySwitcher />
        <SearchButton onOpen={onSearch} />
      </div>
      <div className="flex-1 overflow-y-auto px-3 pb-3">
        <NavLinks />
      </div>
      <div className="space-y-3 border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
        <ThemeToggle />
        <UserMenu />
      </div>
    </>
  );
}
