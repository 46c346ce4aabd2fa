import "server-only";
import path from "node:path";

/** The built-in demo agent: a plain Node script shipped with the app (agents/demo-agent.mjs), run by the process adapter. */
const DEMO_AGENT_SCRIPT = path.join(/* turbopackIgnore: true */ process.cwd(), "agents", "demo-agent.mjs");

/**
 * The process adapter settings that run the demo agent with the Node running this server. Absolute paths: a checkout
 * moved elsewhere needs its demo agent's adapter saved again (Settings shows the paths).
 */
export function demoAgentAdapterConfig() {
  return { command: process.execPath, args: [DEMO_AGENT_SCRIPT], timeoutSec: 120 };
}
