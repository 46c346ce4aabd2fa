// What never leaves in a bundle: environment values that look like credentials. Names say it (API_KEY, TOKEN …) or the
// value does (a well-known key prefix, a long unbroken token). Scrubbed entries are dropped and named in warnings so
// the importer knows what to set again.

const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|AUTH|COOKIE|SESSION|_KEY$|^KEY$|DSN)/i;
const SECRET_VALUE = /^(sk-|sk_|pk_|rk_|ghp_|gho_|ghs_|github_pat_|glpat-|xox[abpr]-|AKIA|pcp_|Bearer\s)|-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const TOKEN_LIKE = /^[A-Za-z0-9_\-+/=.]{32,}$/;

export function looksSecret(name: string, value: unknown): boolean {
  if (SECRET_NAME.test(name)) return true;
  if (typeof value !== "string") return false;
  return SECRET_VALUE.test(value) || (TOKEN_LIKE.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value));
}

/**
 * A copy of `value` with secret-looking entries of every `env` object inside it removed; `where` names the owner in
 * the warning ("agent Builder adapterConfig").
 */
export function scrubEnvSecrets(value: unknown, where: string, warnings: string[]): unknown {
  const walk = (node: unknown, path: string, insideEnv: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}[${index}]`, false));
    if (!node || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      if (insideEnv && looksSecret(key, child)) {
        warnings.push(`${where}: ${childPath} was left out because it looks secret; set it again after importing`);
        continue;
      }
      out[key] = walk(child, childPath, /^(env|envVars|environment)$/i.test(key));
    }
    return out;
  };
  return walk(value, "", false);
}

/** A project's own env (a flat name → value map) scrubbed the same way. */
export function scrubEnvMap(value: unknown, where: string, warnings: string[]): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return (scrubEnvSecrets({ env: value }, where, warnings) as { env: unknown }).env;
}
