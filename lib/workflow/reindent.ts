// The seed workflow document is stored with its indentation stripped. This rebuilds the nesting from what the keys
// mean in the workflow format, so such a file loads as it is; a properly indented document never comes here.

const SECTIONS = new Set(["settings", "states", "phases", "combos", "attachments", "gates"]);
const STATE_FIELDS = new Set(["exits", "timed", "prompts", "status", "description"]);
const PROMPT_FIELDS = new Set(["enter", "exit"]);
const ATTACHMENT_FIELDS = new Set(["mime", "mode", "description", "when", "example"]);
const GATE_ITEM_FIELDS = new Set(["type", "enforcement", "description"]);

type FrameKind = "section" | "state" | "phase" | "combo" | "prompts" | "group" | "type" | "gate" | "gateItem";
type Frame = { kind: FrameKind; section: string; level: number };

const KEY_LINE = /^(.+?):(?=\s|$)\s*(.*)$/;
const IDENTIFIER = /^[A-Za-z0-9_./+:-]+$/;

function keyOf(line: string): { key: string; value: string } | null {
  const match = KEY_LINE.exec(line);
  if (!match || !IDENTIFIER.test(match[1])) return null;
  return { key: match[1], value: match[2] };
}

/** True when the document has no indented line at all: the shape the seed file is stored in. */
export function isFlattened(text: string): boolean {
  return !text.split("\n").some((line) => /^[ \t]+\S/.test(line));
}

/** Re-indents a flattened workflow document. Line numbers are kept, so parse errors still point at the right line. */
export function reindentWorkflow(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let stack: Frame[] = [];
  let blockLevel: number | null = null;

  const nextKey = (from: number) => {
    for (let index = from; index < lines.length; index += 1) {
      const trimmed = lines[index].trim();
      if (trimmed) return keyOf(trimmed)?.key ?? null;
    }
    return null;
  };

  /** Where a key belongs: the innermost open frame that can hold it, or null if none can. */
  const place = (key: string, index: number): { level: number; frames: Frame[]; child: Frame | null } | null => {
    // "gates" is also the name of an attachment group; the gates section is told apart by its status:/phase: keys.
    const groupNamedGates = key === "gates" && stack[0]?.section === "attachments" && !/^(status|phase):/.test(nextKey(index + 1) ?? "");
    if (SECTIONS.has(key) && !groupNamedGates) return { level: 0, frames: [], child: { kind: "section", section: key, level: 0 } };
    for (let depth = stack.length - 1; depth >= 0; depth -= 1) {
      const frame = stack[depth];
      const frames = stack.slice(0, depth + 1);
      const level = frame.level + 1;
      const make = (kind: FrameKind): Frame => ({ kind, section: frame.section, level });
      switch (frame.kind) {
        case "section":
          if (frame.section === "settings") return { level, frames, child: null };
          if (frame.section === "states") return { level, frames, child: make("state") };
          if (frame.section === "phases") return { level, frames, child: make("phase") };
          if (frame.section === "combos") return { level, frames, child: make("combo") };
          if (frame.section === "gates") return { level, frames, child: make("gate") };
          if (frame.section === "attachments") return { level, frames, child: make(ATTACHMENT_FIELDS.has(nextKey(index + 1) ?? "") ? "type" : "group") };
          break;
        case "state":
          if (STATE_FIELDS.has(key)) return { level, frames, child: key === "prompts" ? make("prompts") : null };
          break;
        case "phase":
          if (key === "prompts") return { level, frames, child: make("prompts") };
          break;
        case "combo":
          if (key === "prompts") return { level, frames, child: make("prompts") };
          if (PROMPT_FIELDS.has(key)) return { level, frames, child: null };
          break;
        case "prompts":
          if (PROMPT_FIELDS.has(key)) return { level, frames, child: null };
          break;
        case "group":
          if (ATTACHMENT_FIELDS.has(nextKey(index + 1) ?? "")) return { level, frames, child: make("type") };
          break;
        case "type":
          if (ATTACHMENT_FIELDS.has(key)) return { level, frames, child: null };
          break;
        case "gateItem":
          if (GATE_ITEM_FIELDS.has(key)) return { level: frame.level, frames, child: null };
          break;
        case "gate":
          break;
      }
    }
    return null;
  };

  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) {
      out.push("");
      return;
    }
    const key = line.startsWith("- ") || line.startsWith("#") ? null : keyOf(line);
    const placed = key ? place(key.key, index) : null;
    if (blockLevel !== null && !placed) {
      out.push("  ".repeat(blockLevel) + line);
      return;
    }
    blockLevel = null;
    if (line.startsWith("- ")) {
      // A list item under a gate key: its further fields line up after the dash.
      const gate = [...stack].reverse().find((frame) => frame.kind === "gate");
      const level = gate ? gate.level + 1 : (stack.at(-1)?.level ?? 0) + 1;
      out.push("  ".repeat(level) + line);
      if (gate) stack = [...stack.slice(0, stack.indexOf(gate) + 1), { kind: "gateItem", section: "gates", level: level + 1 }];
      return;
    }
    if (!placed) {
      out.push(line);
      return;
    }
    out.push("  ".repeat(placed.level) + line);
    stack = placed.child && !key!.value ? [...placed.frames, placed.child] : placed.frames;
    if (/^[|>][+-]?\d*$/.test(key!.value)) blockLevel = placed.level + 1;
  });
  return out.join("\n");
}
