import { z } from "zod";
import { Unprocessable, zodIssuesToInvalidParams } from "../errors";

// Runtime config is shared by the server (validation, supervisor) and the browser (the JSON editor's inline check).

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "Environment names are letters, digits and _" });
const commandId = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, { error: "Ids are letters, digits and . _ : -" });

const commandFields = {
  id: commandId.optional(),
  name: z.string().trim().min(1).max(120),
  command: z.string().trim().min(1).max(4_000),
  cwd: z.string().trim().min(1).max(1_000).optional(),
  env: z.record(envName, z.string().max(10_000)).optional(),
  port: z.int().min(1).max(65_535).optional(),
  readyUrl: z.url({ protocol: /^https?$/ }).optional(),
  readyTimeoutSec: z.int().min(1).max(600).optional(),
  timeoutSec: z.int().min(1).max(86_400).optional(),
};

const commandShape = z.looseObject({ ...commandFields, kind: z.enum(["service", "job"]) });
// Legacy entries carry no kind: every one is a service.
const legacyServiceShape = z.looseObject({ ...commandFields, kind: z.literal("service").optional() });

const runtimeShape = z.union([z.looseObject({ commands: z.array(commandShape).max(50) }), z.looseObject({ services: z.array(legacyServiceShape).max(50) })]);

export type WorkspaceCommand = {
  id: string;
  name: string;
  kind: "service" | "job";
  command: string;
  cwd?: string;
  env?: Record<string, string>;
  port?: number;
  readyUrl?: string;
  readyTimeoutSec?: number;
  timeoutSec?: number;
};
export type WorkspaceRuntime = { commands: WorkspaceCommand[] };

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "command";

/** Issues of the given runtime JSON as `field: reason` pairs, or the normalised `{commands}` (ids filled in, unique). */
export function parseWorkspaceRuntime(
  value: unknown,
  field = "workspaceRuntime",
): { ok: true; runtime: WorkspaceRuntime } | { ok: false; invalid: { name: string; reason: string }[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, invalid: [{ name: field, reason: "Must be a JSON object with a commands (or legacy services) array" }] };
  const parsed = runtimeShape.safeParse(value);
  if (!parsed.success) {
    const issues = "commands" in value || !("services" in value) ? runtimeShape.options[0].safeParse(value) : runtimeShape.options[1].safeParse(value);
    return { ok: false, invalid: zodIssuesToInvalidParams(field, issues.error ?? parsed.error) };
  }
  const entries: z.output<typeof commandShape>[] =
    "commands" in parsed.data
      ? (parsed.data.commands as z.output<typeof commandShape>[])
      : (parsed.data.services as z.output<typeof legacyServiceShape>[]).map((service) => ({ ...service, kind: "service" as const }));
  const seen = new Set<string>();
  const invalid: { name: string; reason: string }[] = [];
  const commands = entries.map((entry, index): WorkspaceCommand => {
    let id = entry.id ?? slug(entry.name);
    if (!entry.id) for (let n = 2; seen.has(id); n += 1) id = `${slug(entry.name)}-${n}`;
    else if (seen.has(id)) invalid.push({ name: `${field}.commands.${index}.id`, reason: `Duplicate id "${id}"` });
    seen.add(id);
    const { id: _id, ...rest } = entry;
    return pick({ ...rest, id }) as WorkspaceCommand;
  });
  return invalid.length ? { ok: false, invalid } : { ok: true, runtime: { commands } };
}

function pick(entry: Record<string, unknown>): Record<string, unknown> {
  const keys = ["id", "name", "kind", "command", "cwd", "env", "port", "readyUrl", "readyTimeoutSec", "timeoutSec"];
  return Object.fromEntries(keys.filter((key) => entry[key] !== undefined).map((key) => [key, entry[key]]));
}

/** The normalised runtime, or a 422 naming every bad field. */
export function requireWorkspaceRuntime(value: unknown, field = "workspaceRuntime"): WorkspaceRuntime {
  const result = parseWorkspaceRuntime(value, field);
  if (!result.ok)
    throw new Unprocessable(`Invalid runtime config: ${result.invalid.map((issue) => `${issue.name}: ${issue.reason}`).join("; ")}`, "invalid_runtime_config", {
      invalidParams: result.invalid,
    });
  return result.runtime;
}

export type RuntimeConfigSource = "execution_workspace" | "project_workspace" | "none";

/** An execution workspace's own `workspaceRuntime` overrides its project workspace's; otherwise it inherits. */
export function effectiveRuntime(
  executionConfig: Record<string, unknown> | null,
  projectRuntimeConfig: Record<string, unknown> | null,
): { source: RuntimeConfigSource; runtime: WorkspaceRuntime } {
  const own = executionConfig?.workspaceRuntime;
  if (own && typeof own === "object") {
    const parsed = parseWorkspaceRuntime(own);
    return { source: "execution_workspace", runtime: parsed.ok ? parsed.runtime : { commands: [] } };
  }
  const inherited = projectRuntimeConfig?.workspaceRuntime;
  if (inherited && typeof inherited === "object") {
    const parsed = parseWorkspaceRuntime(inherited);
    return { source: "project_workspace", runtime: parsed.ok ? parsed.runtime : { commands: [] } };
  }
  return { source: "none", runtime: { commands: [] } };
}
