import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { ISSUE_STATUSES, type IssueStatus } from "../schemas/issues";
import { isFlattened, reindentWorkflow } from "./reindent";

export type Enforcement = "allow" | "warn" | "reject";
export type Prompts = { enter?: string; exit?: string };
export type WorkflowState = { name: string; status: IssueStatus; exits: string[]; timed: boolean; prompts: Prompts };
export type AttachmentType = {
  type: string;
  group: string | null;
  mime: string;
  mode: "append" | "replace";
  description?: string;
  when?: string;
  example?: string;
};
export type Gate = { type: string; enforcement: Enforcement; description?: string };

export type Workflow = {
  initialState: string;
  disconnectState: string | null;
  blockingStates: string[];
  unknownPhase: Enforcement;
  unknownAttachment: Enforcement;
  states: Record<string, WorkflowState>;
  phases: Record<string, { prompts: Prompts }>;
  combos: Record<string, Prompts>;
  attachmentTypes: Record<string, AttachmentType>;
  /** Keyed `status:<state>` or `phase:<phase>`: what leaving that state or phase requires. */
  gates: Record<string, Gate[]>;
};

export type WorkflowProblem = { path: string; message: string; line: number | null };

/**
 * How a workflow's state names become the API's seven issue statuses, unless a state says `status:` itself.
 * The seed's names: pending and assigned are todo, working is in_progress, completed done, failed blocked.
 */
export const STATE_STATUS: Record<string, IssueStatus> = {
  pending: "todo",
  assigned: "todo",
  working: "in_progress",
  completed: "done",
  failed: "blocked",
  ...Object.fromEntries(ISSUE_STATUSES.map((status) => [status, status])),
};

const enforcement = z.enum(["allow", "warn", "reject"]);
const text = z.string();
const prompts = z.strictObject({ enter: text.optional(), exit: text.optional() });
const stateSchema = z.strictObject({
  exits: z.array(z.string()).optional(),
  timed: z.boolean().optional(),
  status: z.enum(ISSUE_STATUSES).optional(),
  description: text.optional(),
  prompts: prompts.nullable().optional(),
});
const attachmentTypeSchema = z.strictObject({
  mime: z.string().min(1),
  mode: z.enum(["append", "replace"]),
  description: text.optional(),
  when: text.optional(),
  example: text.optional(),
});
const looksLikeType = (value: unknown) => typeof value === "object" && value !== null && ("mime" in value || "mode" in value);
const gateSchema = z.strictObject({ type: z.string().min(1), enforcement: enforcement.default("reject"), description: text.optional() });

const documentSchema = z.strictObject({
  settings: z.strictObject({
    initial_state: z.string().min(1),
    disconnect_state: z.string().optional(),
    blocking_states: z.array(z.string()).optional(),
    unknown_phase: enforcement.optional(),
    unknown_attachment: enforcement.optional(),
  }),
  states: z.record(z.string(), stateSchema.nullable()).refine((states) => Object.keys(states).length > 0, { error: "Define at least one state" }),
  phases: z.record(z.string(), z.strictObject({ prompts: prompts.nullable().optional() }).nullable()).optional(),
  combos: z.record(z.string(), z.union([prompts, z.strictObject({ prompts })]).nullable()).optional(),
  attachments: z
    .record(z.string(), z.unknown())
    .superRefine((entries, context) => {
      for (const [name, value] of Object.entries(entries)) {
        const result = looksLikeType(value) ? attachmentTypeSchema.safeParse(value) : z.record(z.string(), attachmentTypeSchema).safeParse(value ?? {});
        if (!result.success) for (const issue of result.error.issues) context.addIssue({ ...issue, path: [name, ...issue.path] } as never);
      }
    })
    .optional(),
  gates: z.record(z.string(), z.array(gateSchema)).optional(),
});

/** `states.working.exits[1]` — the YAML path people see in their editor. */
function yamlPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), "");
}

/** The line of the key (or list item) a path ends at, falling back to the nearest ancestor that exists. */
function lineOf(document: Document, counter: LineCounter, path: readonly PropertyKey[]): number | null {
  for (let length = path.length; length > 0; length -= 1) {
    const parent = length === 1 ? document.contents : document.getIn(path.slice(0, length - 1) as unknown[], true);
    const last = path[length - 1];
    let range: [number, number, number] | undefined;
    if (isMap(parent))
      range = (parent.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === last)?.key as { range?: [number, number, number] } | undefined)
        ?.range;
    else if (isSeq(parent) && typeof last === "number") range = (parent.items[last] as { range?: [number, number, number] } | undefined)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return null;
}

/**
 * Parses a workflow document (YAML in the seed's format, indented or flattened as the seed file is stored) and checks it
 * whole: every problem is reported with its YAML path and line, never just the first.
 */
export function parseWorkflow(source: string): { workflow: Workflow; problems: [] } | { workflow: null; problems: WorkflowProblem[] } {
  const counter = new LineCounter();
  const document = parseDocument(isFlattened(source) ? reindentWorkflow(source) : source, { lineCounter: counter, uniqueKeys: true });
  if (document.errors.length) {
    return {
      workflow: null,
      problems: document.errors.map((error) => ({ path: "", message: error.message.split("\n")[0], line: error.linePos?.[0]?.line ?? null })),
    };
  }
  if (!isMap(document.contents)) return { workflow: null, problems: [{ path: "", message: "A workflow is a YAML mapping with settings and states", line: 1 }] };
  const parsed = documentSchema.safeParse(document.toJS());
  if (!parsed.success) {
    return {
      workflow: null,
      problems: parsed.error.issues.map((issue) => ({ path: yamlPath(issue.path), message: issue.message, line: lineOf(document, counter, issue.path) })),
    };
  }

  const raw = parsed.data;
  const problems: WorkflowProblem[] = [];
  const problem = (path: PropertyKey[], message: string) => problems.push({ path: yamlPath(path), message, line: lineOf(document, counter, path) });

  const states: Record<string, WorkflowState> = {};
  for (const [name, state] of Object.entries(raw.states)) {
    const status = state?.status ?? STATE_STATUS[name];
    if (!status) problem(["states", name], `State "${name}" has no issue status: add \`status:\` (one of ${ISSUE_STATUSES.join(", ")})`);
    states[name] = { name, status: status ?? "todo", exits: state?.exits ?? [], timed: state?.timed ?? false, prompts: state?.prompts ?? {} };
  }
  for (const state of Object.values(states)) {
    state.exits.forEach((exit, index) => {
      if (!states[exit]) problem(["states", state.name, "exits", index], `Unknown exit target "${exit}"`);
    });
  }
  const settings = raw.settings;
  if (!states[settings.initial_state]) problem(["settings", "initial_state"], `Initial state "${settings.initial_state}" is not one of the states`);
  if (settings.disconnect_state && !states[settings.disconnect_state])
    problem(["settings", "disconnect_state"], `Disconnect state "${settings.disconnect_state}" is not one of the states`);
  (settings.blocking_states ?? []).forEach((name, index) => {
    if (!states[name]) problem(["settings", "blocking_states", index], `Blocking state "${name}" is not one of the states`);
  });

  const phases = Object.fromEntries(Object.entries(raw.phases ?? {}).map(([name, phase]) => [name, { prompts: phase?.prompts ?? {} }]));
  const combos: Record<string, Prompts> = {};
  for (const [key, combo] of Object.entries(raw.combos ?? {})) {
    const [state, phase, extra] = key.split("+");
    if (extra !== undefined || !states[state] || !phases[phase]) problem(["combos", key], `A combo is "<state>+<phase>" of a defined state and phase`);
    combos[key] = combo && "prompts" in combo ? (combo.prompts ?? {}) : ((combo as Prompts | null) ?? {});
  }

  const attachmentTypes: Record<string, AttachmentType> = {};
  for (const [name, value] of Object.entries(raw.attachments ?? {})) {
    const entries: [string, z.output<typeof attachmentTypeSchema>, string | null][] = looksLikeType(value)
      ? [[name, value as z.output<typeof attachmentTypeSchema>, null]]
      : Object.entries((value ?? {}) as Record<string, z.output<typeof attachmentTypeSchema>>).map(([type, spec]) => [type, spec, name]);
    for (const [type, spec, group] of entries) {
      if (attachmentTypes[type]) problem(["attachments", ...(group ? [group] : []), type], `Attachment type "${type}" is defined twice`);
      attachmentTypes[type] = { type, group, ...spec };
    }
  }

  const gates: Record<string, Gate[]> = {};
  for (const [key, list] of Object.entries(raw.gates ?? {})) {
    const [kind, ...rest] = key.split(":");
    const name = rest.join(":");
    if (kind === "status" ? !states[name] : kind === "phase" ? !phases[name] : true)
      problem(["gates", key], `A gate key is status:<state> or phase:<phase> of a defined state or phase`);
    list.forEach((gate, index) => {
      if (!attachmentTypes[gate.type]) problem(["gates", key, index, "type"], `Unknown attachment type "${gate.type}": define it under attachments`);
    });
    gates[key] = list;
  }

  if (problems.length) return { workflow: null, problems };
  return {
    workflow: {
      initialState: settings.initial_state,
      disconnectState: settings.disconnect_state ?? null,
      blockingStates: settings.blocking_states ?? [],
      unknownPhase: settings.unknown_phase ?? "allow",
      unknownAttachment: settings.unknown_attachment ?? "allow",
      states,
      phases,
      combos,
      attachmentTypes,
      gates,
    },
    problems: [],
  };
}
