import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "./error-codes";
import { Conflict, DomainError, NotFound } from "./errors";

const root = path.resolve(import.meta.dirname, "..");

// Where each error class takes its code, the status it throws with, and the code it uses when given none.
const THROWERS: Record<string, { codeArgument: number; status?: number; defaultCode?: string }> = {
  BadRequest: { codeArgument: 1, status: 400, defaultCode: "bad_request" },
  Unauthorized: { codeArgument: 1, status: 401, defaultCode: "unauthorized" },
  Forbidden: { codeArgument: 1, status: 403, defaultCode: "forbidden" },
  NotFound: { codeArgument: 1, status: 404, defaultCode: "not_found" },
  Conflict: { codeArgument: 1, status: 409, defaultCode: "conflict" },
  Unprocessable: { codeArgument: 1, status: 422, defaultCode: "unprocessable" },
  ServiceUnavailable: { codeArgument: 1, status: 503, defaultCode: "database_unavailable" },
  // `new DomainError(status, code, …)` names its status as the first argument.
  DomainError: { codeArgument: 1 },
  "Unprocessable.field": { codeArgument: 2, status: 422, defaultCode: "invalid_field" },
};

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

type Thrown = { where: string; thrower: string; code: string; status: number | undefined };

/** Every code literal passed to a DomainError subclass or `Unprocessable.field`, with the status it is thrown as. */
function thrownCodes(): Thrown[] {
  const found: Thrown[] = [];
  for (const file of [...sourceFiles(path.join(root, "lib")), ...sourceFiles(path.join(root, "app"))]) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      let thrower: string | undefined;
      let args: readonly ts.Expression[] = [];
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) [thrower, args] = [node.expression.text, node.arguments ?? []];
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "field") {
        [thrower, args] = [`${node.expression.expression.getText()}.field`, node.arguments];
      }
      const rule = thrower ? THROWERS[thrower] : undefined;
      if (thrower && rule) {
        const argument = args[rule.codeArgument];
        const code = argument === undefined ? rule.defaultCode : ts.isStringLiteralLike(argument) ? argument.text : undefined;
        const statusArgument = thrower === "DomainError" ? args[0] : undefined;
        const status = statusArgument && ts.isNumericLiteral(statusArgument) ? Number(statusArgument.text) : rule.status;
        const where = `${path.relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (code !== undefined) found.push({ where, thrower, code, status });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe("error code registry", () => {
  it("gives every code a status, a title and a description", () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(code, code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(Number.isInteger(entry.status) && entry.status >= 400 && entry.status <= 599, `${code}: status ${entry.status}`).toBe(true);
      expect(entry.title.trim(), `${code}: title`).not.toBe("");
      expect(entry.description, `${code}: description`).toMatch(/^\S.*\.$/);
    }
  });

  it("registers every code thrown in lib/ and app/, with the status it is thrown as", () => {
    const thrown = thrownCodes();
    expect(thrown.length).toBeGreaterThan(100);
    const problems = thrown.flatMap(({ where, thrower, code, status }) => {
      if (!Object.hasOwn(ERROR_CODES, code)) return [`${where}: ${thrower} throws "${code}", which lib/error-codes.ts does not register`];
      const registered = ERROR_CODES[code as ErrorCode].status;
      return status === undefined || status === registered ? [] : [`${where}: ${thrower} throws "${code}" as ${status}; it is registered as ${registered}`];
    });
    expect(problems).toEqual([]);
  });
});

describe("DomainError", () => {
  it("takes status and title from the registry", () => {
    const error = new Conflict("Held by another agent", "checkout_conflict");
    expect([error.status, error.title, error.code]).toEqual([409, "Checkout conflict", "checkout_conflict"]);
    expect(new NotFound("Issue").title).toBe("Not found");
  });

  it("refuses, under test, a code the registry lacks or a status it does not register", () => {
    expect(() => new Conflict("x", "no_such_code" as never)).toThrow('Error code "no_such_code" is not registered in lib/error-codes.ts');
    expect(() => new DomainError(404 as never, "checkout_conflict", "x")).toThrow('Error code "checkout_conflict" is registered as 409, thrown as 404');
  });
});
