// A company's issue prefix (ENG in ENG-12): the one rule, used by the request schema, by the server when a create
// names none, and by the first-run form as the user types (a plain module, so it may reach client bundles).

export const ISSUE_PREFIX_PATTERN = /^[A-Z][A-Z0-9]{1,9}$/;
export const ISSUE_PREFIX_RULE = "2–10 characters: an uppercase letter, then uppercase letters or digits";

/**
 * The initials of a name's words (up to four), or a one-word name's first three letters: "Acme Robotics" → "AR",
 * "Acme" → "ACM". Empty for a name with no letters or digits.
 */
export function suggestIssuePrefix(name: string): string {
  const words = name
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return "";
  let base =
    words.length >= 2
      ? words
          .map((word) => word[0])
          .join("")
          .slice(0, 4)
      : words[0].slice(0, 3);
  if (!/^[A-Z]/.test(base)) base = `C${base}`;
  if (base.length < 2) base = `${base}X`;
  return base.slice(0, 10);
}

/** Why a prefix cannot be used, or null when it can. */
export function issuePrefixProblem(prefix: string): string | null {
  if (!prefix) return "Enter an issue prefix";
  return ISSUE_PREFIX_PATTERN.test(prefix) ? null : ISSUE_PREFIX_RULE;
}
