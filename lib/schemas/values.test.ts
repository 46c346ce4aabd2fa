// Keeps zod (and yaml) out of the browser: no module a client component reaches at run time may import them, or
// any request schema under lib/schemas (value lists come from lib/schemas/values.ts instead). Type-only imports are
// erased from bundles and do not count.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SERVER_ONLY_PACKAGES = new Set(["zod", "yaml"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" || name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (!base) return null;
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx"), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The specifiers a module imports at run time: type-only imports and exports are left out. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    false,
    file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          clause.namedBindings &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.every((element) => element.isTypeOnly));
      if (!typeOnly) specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly =
        node.isTypeOnly || (node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.every((element) => element.isTypeOnly));
      if (!typeOnly) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

describe("client bundles", () => {
  it("reach neither zod, yaml nor a request schema from any client component", () => {
    const clientEntries = ["app", "components", "lib"]
      .flatMap((dir) => sourceFiles(path.join(ROOT, dir)))
      .filter((file) => /^\s*["']use client["']/.test(readFileSync(file, "utf8")))
      // Next runs this one in every browser before the app.
      .concat([path.join(ROOT, "instrumentation-client.ts")].filter((file) => existsSync(file)));
    expect(clientEntries.length).toBeGreaterThan(10);
    const via = new Map<string, string | null>(clientEntries.map((file) => [file, null]));
    const queue = [...clientEntries];
    const offenders: string[] = [];
    const chain = (file: string) => {
      const links: string[] = [];
      for (let current: string | null | undefined = file; current; current = via.get(current)) links.push(path.relative(ROOT, current));
      return links.join(" ← ");
    };
    while (queue.length) {
      const file = queue.shift()!;
      for (const specifier of runtimeImports(file)) {
        if (SERVER_ONLY_PACKAGES.has(specifier.split("/")[0])) {
          offenders.push(`${specifier} ← ${chain(file)}`);
          continue;
        }
        const resolved = resolveLocal(file, specifier);
        if (!resolved || via.has(resolved)) continue;
        via.set(resolved, file);
        if (resolved.includes(`${path.sep}lib${path.sep}schemas${path.sep}`) && !resolved.endsWith(`${path.sep}values.ts`)) {
          offenders.push(chain(resolved));
          continue;
        }
        queue.push(resolved);
      }
    }
    expect(offenders, "client code must take value lists from lib/schemas/values.ts and import schemas as types only").toEqual([]);
  });
});
