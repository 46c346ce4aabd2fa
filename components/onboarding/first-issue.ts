// The first task the guided first run suggests, by the kind of agent it goes to and whether it has a project.
import type { Agent } from "@/lib/queries/types";

export type AgentKind = "demo" | "cli";

/** The demo agent's settings as `GET /api/instance/agent-clis` reports them (`lib/agents/demo.ts` decides them). */
export type DemoAgentSettings = { adapterType: string; adapterConfig: { args: readonly string[] } };

/**
 * An agent is the demo agent when it is the process adapter with the arguments the server gives the demo agent; without
 * the server's answer (refused to members who do not set agents up) it counts as a coding agent, whose task suits any.
 */
export function agentKind(agent: Pick<Agent, "adapterType" | "adapterConfig">, demo: DemoAgentSettings | null): AgentKind {
  const args = (agent.adapterConfig as { args?: unknown } | null)?.args;
  const demoArgs = demo?.adapterConfig.args ?? null;
  const runsDemoScript = Array.isArray(args) && demoArgs !== null && args.length === demoArgs.length && args.every((arg, index) => arg === demoArgs[index]);
  return demo !== null && agent.adapterType === demo.adapterType && runsDemoScript ? "demo" : "cli";
}

/**
 * A task that shows the whole loop: a plan the board accepts, progress, something attached, done. The demo agent reads
 * the same words to write its plan; a coding agent is asked to look without changing anything.
 */
export function suggestedFirstIssue(kind: AgentKind, projectName: string | null): { title: string; description: string } {
  if (kind === "demo") {
    return projectName
      ? {
          title: `Look around ${projectName} and report back`,
          description:
            "Write a short plan first and ask me to accept it.\n\nOnce I do, look through the working folder without changing anything, attach a summary of what it holds, and mark this issue done.",
        }
      : {
          title: "Show me how you work",
          description:
            "Write a short plan first and ask me to accept it.\n\nOnce I do, report your progress, attach what you produced, and mark this issue done.",
        };
  }
  return projectName
    ? {
        title: `Get to know ${projectName}`,
        description:
          "Before you start, write a short plan as the issue's `plan` document and ask me to confirm it.\n\nOnce I accept, read the repository without changing anything and attach a short overview: what it does, how it is laid out, and how to run its tests. Then mark this issue done.",
      }
    : {
        title: "Introduce yourself and suggest first tasks",
        description:
          "Before you start, write a short plan as the issue's `plan` document and ask me to confirm it.\n\nOnce I accept, comment with what you can do for this company and three first tasks you would suggest. Then mark this issue done.",
      };
}
