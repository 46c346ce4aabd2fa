export const COMPANY_COOKIE = "sb_company";
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Remembers the chosen company; server components read it on the next render (router.refresh()). */
export function setCompanyCookie(companyId: string) {
  document.cookie = `${COMPANY_COOKIE}=${encodeURIComponent(companyId)}; path=/; max-age=${ONE_YEAR_SECONDS}; samesite=lax`;
}
