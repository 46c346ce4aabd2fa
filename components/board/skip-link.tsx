"use client";

/** The first Tab stop on every board page: skips the navigation and puts focus on the page itself. */
export function SkipLink() {
  return (
    <a
      href="#main"
      onClick={(event) => {
        const main = document.getElementById("main");
        if (!main) return;
        // Focus moves without adding "#main" to the URL (a later Back would land on the same page).
        event.preventDefault();
        main.focus();
        main.scrollIntoView({ block: "start" });
      }}
      className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-zinc-900 shadow-lg focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:bg-zinc-900 dark:text-zinc-100"
    >
      Skip to content
    </a>
  );
}
