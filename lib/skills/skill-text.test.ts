// The bundled skill text must not drift from the API: every `/api/...` path it names (with its method, where one is
// written beside it) must be a route in app/api/route-manifest.ts, the list the OpenAPI document is built from.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listBundledSkills, skillFrontMatter } from "./bundled";

const ROOT = process.cwd();

type Route = { segments: string[]; methods: Set<string> };

/** The manifest's method table (every route file, the OpenAPI document's own included) as segments and methods. */
function manifestRoutes(): Route[] {
  const manifest = readFileSync(path.join(ROOT, "app/api/route-manifest.ts"), "utf8");
  return [...manifest.matchAll(/^\s*"(\/api\/[^"]*)": \[([^\]]*)\]/gm)].map(([, route, methods]) => ({
    segments: route.split("/").filter(Boolean),
    methods: new Set(methods.split(",").map((method) => method.trim().replace(/"/g, ""))),
  }));
}

const isParameter = (segment: string) => /^\{[^}]+\}$|^:[A-Za-z]/.test(segment);
const isDynamic = (segment: string) => /^\[[^.][^\]]*\]$/.test(segment);

function matches(route: Route, segments: string[]) {
  if (route.segments.length !== segments.length || route.segments.some((segment) => segment.startsWith("[..."))) return false;
  // A placeholder in the text must meet a parameter; a literal may meet a parameter (an id written out) or itself.
  return segments.every((segment, index) => (isDynamic(route.segments[index]) ? true : !isParameter(segment) && segment === route.segments[index]));
}

/** Every `/api/...` mention in the folder's markdown, with the method written right before it, if any. */
function mentions(folder: string) {
  const found: { file: string; method: string | null; path: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".md")) {
        const text = readFileSync(file, "utf8");
        for (const match of text.matchAll(/(?:\b(GET|POST|PUT|PATCH|DELETE)(?:\|[A-Z|]+)?\s+`?)?(\/api\/[A-Za-z0-9_{}:.\-/]*[A-Za-z0-9_}-])/g))
          found.push({ file: path.relative(ROOT, file), method: match[1] ?? null, path: match[2] });
      }
    }
  };
  walk(folder);
  return found;
}

describe("bundled skills", () => {
  const routes = manifestRoutes();
  const skills = listBundledSkills();

  it("ships the switchboard skill with front matter naming it and describing it", () => {
    const skill = skills.find((entry) => entry.key === "switchboard");
    expect(skill).toBeDefined();
    expect(skillFrontMatter(skill!.markdown, "")).toMatchObject({ name: "switchboard", description: expect.stringMatching(/^.{40,}$/) });
  });

  it.each(skills.map((skill) => skill.key))("every /api path named in skills/%s is a route, with the method given", (key) => {
    const named = mentions(path.join(ROOT, "skills", key));
    expect(named.length).toBeGreaterThan(0);
    const problems = named.flatMap((mention) => {
      const segments = mention.path.split("/").filter(Boolean);
      const route = routes.find((candidate) => matches(candidate, segments));
      if (!route) return [`${mention.file}: ${mention.path} is not a route`];
      if (mention.method && !route.methods.has(mention.method)) return [`${mention.file}: ${mention.method} ${mention.path} is not exported`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it("resolves placeholders to parameters only, so a misspelt literal segment fails", () => {
    expect(routes.some((route) => matches(route, ["api", "issues", "{issueId}", "checkout"]))).toBe(true);
    expect(routes.some((route) => matches(route, ["api", "issues", "{issueId}", "check-out"]))).toBe(false);
    expect(routes.some((route) => matches(route, ["api", "{x}", "me"]))).toBe(false);
  });
});
