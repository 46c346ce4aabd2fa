import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { builtinVariables, renderTemplate, resolveVariables } from "./variables";

describe("routine templates", () => {
  it("the date is the trigger's wall-clock date; workspace values appear only for a workspace", () => {
    const now = new Date("2026-12-04T23:30:00.000Z");
    expect(builtinVariables({ now, routineTitle: "R" })).toMatchObject({ date: "2026-12-04", datetime: "2026-12-04 23:30", "routine.title": "R" });
    expect(builtinVariables({ now, timeZone: "Asia/Tokyo", routineTitle: "R" })).toMatchObject({ date: "2026-12-05", datetime: "2026-12-05 08:30" });
    expect(builtinVariables({ now, timeZone: "Not/AZone", routineTitle: "R" }).date).toBe("2026-12-04");
    expect(builtinVariables({ now, routineTitle: "R" })).not.toHaveProperty("workspace.name");
    expect(builtinVariables({ now, routineTitle: "R", workspace: { name: "ws", branchName: null, cwd: "/x" } })).toMatchObject({
      "workspace.name": "ws",
      "workspace.branch": "",
      "workspace.path": "/x",
    });
  });

  it("renders known names (spaces inside braces allowed) and leaves unknown ones verbatim, in one pass", () => {
    expect(renderTemplate("{{ a }}-{{b}}-{{c.d}}-{{a}}", { a: "{{b}}", b: 2 })).toBe("{{b}}-2-{{c.d}}-{{b}}");
    expect(renderTemplate("no placeholders {x}", {})).toBe("no placeholders {x}");
    expect(renderTemplate("{{a}}{{a}}{{a}}", { a: "x".repeat(40) }, 100)).toBe(`${"x".repeat(80)}{{a}}`);
  });

  it("variables come from `variables`, then payload.variables, then payload keys, then defaults; one 422 names every problem", () => {
    const declared = [
      { name: "a", type: "text" as const, required: true },
      { name: "n", type: "number" as const, required: true, defaultValue: 1 },
      { name: "flag", type: "boolean" as const, required: false },
      { name: "pick", type: "select" as const, required: true, options: ["x", "y"], defaultValue: "x" },
    ];
    expect(resolveVariables(declared, { variables: { a: "v" }, payload: { a: "p", variables: { n: "7" }, flag: "off" } })).toEqual({
      a: "v",
      n: 7,
      flag: false,
      pick: "x",
    });
    let error: unknown;
    try {
      resolveVariables(declared, { payload: { n: "seven", pick: "z" } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("routine_variables_invalid");
    expect((error as DomainError).invalidParams?.map((param) => param.name)).toEqual(["variables.a", "variables.n", "variables.pick"]);
  });
});
