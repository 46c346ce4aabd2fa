"use client";

import Link from "next/link";
import type { People } from "@/components/issues/people";
import { Badge, humanize } from "@/components/ui/badge";
import { Markdown } from "@/components/ui/markdown";
import type { Approval } from "@/lib/queries/types";

type Payload = Record<string, unknown>;

/** Fields a type's own layout shows (or that the page shows elsewhere), left out of "Other details". */
const SHOWN: Record<string, string[]> = {
  request_board_approval: ["title", "summary", "recommendedAction", "risks"],
  hire_agent: [
    "agentId",
    "name",
    "role",
    "title",
    "icon",
    "capabilities",
    "reportsTo",
    "adapterType",
    "budgetMonthlyCents",
    "desiredSkills",
    "instructionFiles",
    "requestedByAgentId",
    "sourceIssueIds",
  ],
};

/**
 * What an approval asks the board to decide, as readable fields: agent-written text as markdown, people by name,
 * lists as lists and nested settings as nested fields — never a JSON dump.
 */
export function ApprovalPayload({ approval, people }: { approval: Approval; people: People }) {
  const payload = (approval.payload && typeof approval.payload === "object" ? approval.payload : {}) as Payload;
  const shown = new Set(SHOWN[approval.type] ?? ["title"]);
  const others = Object.entries(payload).filter(([key, value]) => !shown.has(key) && !isEmpty(value));
  return (
    <dl className="space-y-4 text-sm">
      {approval.type === "hire_agent" ? <HireFields payload={payload} people={people} /> : null}
      {approval.type === "request_board_approval" ? <BoardRequestFields payload={payload} /> : null}
      {others.length ? (
        <PayloadField label={shown.size > 1 ? "Other details" : "Details"}>
          <ReadableValue value={Object.fromEntries(others)} />
        </PayloadField>
      ) : null}
    </dl>
  );
}

export function PayloadField({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="mb-1 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="break-words text-zinc-800 dark:text-zinc-200">{children}</dd>
    </div>
  );
}

function BoardRequestFields({ payload }: { payload: Payload }) {
  const risks = Array.isArray(payload.risks) ? payload.risks : [];
  return (
    <>
      {typeof payload.summary === "string" && payload.summary ? (
        <PayloadField label="Summary">
          <Markdown>{payload.summary}</Markdown>
        </PayloadField>
      ) : null}
      {typeof payload.recommendedAction === "string" && payload.recommendedAction ? (
        <PayloadField label="Recommended action">
          <Markdown>{payload.recommendedAction}</Markdown>
        </PayloadField>
      ) : null}
      <PayloadField label="Risks">
        {risks.length ? (
          <ul className="list-disc space-y-1 pl-5">
            {risks.map((risk, index) => (
              <li key={index}>
                <Markdown>{String(risk)}</Markdown>
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-zinc-500 dark:text-zinc-400">None listed.</span>
        )}
      </PayloadField>
    </>
  );
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : null);
const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/** A hire: who the agent will be, whom it reports to, how it runs, its budget, and what it will be taught. */
function HireFields({ payload, people }: { payload: Payload; people: People }) {
  const agentId = text(payload.agentId);
  const name = text(payload.name) ?? "Unnamed agent";
  const skills = strings(payload.desiredSkills);
  const files = strings(payload.instructionFiles);
  const subtitle = [text(payload.title), text(payload.role) && humanize(String(payload.role))].filter(Boolean).join(" · ");
  const budget = typeof payload.budgetMonthlyCents === "number" ? payload.budgetMonthlyCents : null;
  return (
    <>
      <PayloadField label="Agent">
        <span className="font-medium">
          {agentId ? (
            <Link href={`/agents/${agentId}`} className="underline-offset-2 hover:underline">
              {name}
            </Link>
          ) : (
            name
          )}
        </span>
        {subtitle ? <span className="text-zinc-500 dark:text-zinc-400"> · {subtitle}</span> : null}
      </PayloadField>
      {text(payload.capabilities) ? (
        <PayloadField label="Capabilities">
          <Markdown>{String(payload.capabilities)}</Markdown>
        </PayloadField>
      ) : null}
      <PayloadField label="Reports to">{text(payload.reportsTo) ? people.agentName(String(payload.reportsTo)) : "Nobody (top level)"}</PayloadField>
      {text(payload.adapterType) ? <PayloadField label="Runs with">{humanize(String(payload.adapterType))}</PayloadField> : null}
      <PayloadField label="Monthly budget">{budget ? `$${(budget / 100).toFixed(2)}` : "No limit"}</PayloadField>
      <PayloadField label="Skills to learn">
        {skills.length ? (
          <span className="flex flex-wrap gap-1.5">
            {skills.map((skill) => (
              <Badge key={skill}>{skill}</Badge>
            ))}
          </span>
        ) : (
          <span className="text-zinc-500 dark:text-zinc-400">None</span>
        )}
      </PayloadField>
      <PayloadField label="Instruction files">
        {files.length ? (
          <ul className="space-y-0.5 font-mono text-xs">
            {files.map((file) => (
              <li key={file}>{file}</li>
            ))}
          </ul>
        ) : (
          <span className="text-zinc-500 dark:text-zinc-400">None</span>
        )}
      </PayloadField>
      {text(payload.requestedByAgentId) ? <PayloadField label="Requested by">{people.agentName(String(payload.requestedByAgentId))}</PayloadField> : null}
    </>
  );
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** `adapterConfig` → "Adapter config"; keys that are names in their own right (`LOG_LEVEL`, `X-Token`) stay as written. */
function fieldName(key: string) {
  return /^[a-z][a-zA-Z0-9_]*$/.test(key) ? (
    humanize(key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase())
  ) : (
    <code className="font-mono text-xs">{key}</code>
  );
}

/** Any JSON value as nested fields: text as markdown, lists as lists, objects as labelled rows. */
function ReadableValue({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === null || value === undefined || value === "") return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  if (typeof value === "boolean") return <>{value ? "Yes" : "No"}</>;
  if (typeof value === "number") return <>{value.toLocaleString()}</>;
  if (typeof value === "string") return value.includes("\n") || value.length > 80 ? <Markdown>{value}</Markdown> : <>{value}</>;
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item !== "object" || item === null))
      return value.length ? <>{value.map((item) => (item === null ? "—" : String(item))).join(", ")}</> : <span className="text-zinc-500">None</span>;
    return (
      <ol className="list-decimal space-y-2 pl-5">
        {value.map((item, index) => (
          <li key={index}>
            <ReadableValue value={item} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  const entries = Object.entries(value as Payload);
  if (!entries.length) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  return (
    <dl className={depth ? "mt-1 space-y-1 border-l border-zinc-200 pl-3 dark:border-zinc-800" : "space-y-1.5"}>
      {entries.map(([key, item]) => (
        <div key={key} className="grid grid-cols-1 gap-x-3 sm:grid-cols-[10rem_minmax(0,1fr)]">
          <dt className="text-zinc-500 dark:text-zinc-400">{fieldName(key)}</dt>
          <dd className="min-w-0">
            <ReadableValue value={item} depth={depth + 1} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
