const ROLE_LABELS: Record<string, string> = {
  ceo: "CEO",
  cto: "CTO",
  cmo: "CMO",
  cfo: "CFO",
  security: "Security",
  engineer: "Engineer",
  designer: "Designer",
  pm: "PM",
  qa: "QA",
  devops: "DevOps",
  researcher: "Researcher",
  general: "General",
};

const ADAPTER_LABELS: Record<string, string> = {
  process: "Process",
  http: "HTTP webhook",
  codex_local: "Codex (local)",
  claude_local: "Claude Code (local)",
};

export const roleLabel = (role: string) => ROLE_LABELS[role] ?? role;
export const adapterLabel = (adapterType: string) => ADAPTER_LABELS[adapterType] ?? adapterType;
