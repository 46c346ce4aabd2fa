// The checkout race of `npm run bench`: each round one fresh todo issue that 50 agents (own key, own run id) check out
// at once, contender i through server i mod n, so the same race runs against one server or split across instances.
import { randomUUID } from "node:crypto";
import { must, summarize, type Client, type Result } from "./http";

export type RaceServer = { name: string; http: Client };
type Racer = { id: string; token: string };

export const problemCode = (result: Result) => (result.body && typeof result.body === "object" ? (result.body as { code?: string }).code : undefined);
export const tally = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/** Runs `rounds` counted rounds (after one uncounted round with `warmUp`) and says how each ended. */
export async function checkoutRace(
  servers: RaceServer[],
  board: string,
  companyId: string,
  agents: Racer[],
  options: { rounds: number; warmUp?: boolean; label: string },
) {
  const winnersPerRound: number[] = [];
  const winnersByServer: Record<string, number> = Object.fromEntries(servers.map((server) => [server.name, 0]));
  const otherStatuses: Record<string, number> = {};
  const unexpected: unknown[] = [];
  const latencies: number[] = [];
  const serverOf = (index: number) => servers[index % servers.length];
  const raceOnce = async (title: string) => {
    const issue = await must<{ id: string }>(
      servers[0].http.request("POST", `/api/companies/${companyId}/issues`, { token: board, body: { title, status: "todo" } }),
      "create race issue",
    );
    return Promise.all(
      agents.map((agent, index) =>
        serverOf(index).http.request("POST", `/api/issues/${issue.id}/checkout`, {
          token: agent.token,
          runId: randomUUID(),
          body: { agentId: agent.id, expectedStatuses: ["todo"] },
        }),
      ),
    );
  };
  if (options.warmUp) await raceOnce(`${options.label} warm-up`);
  for (let round = 0; round < options.rounds; round += 1) {
    const results = await raceOnce(`${options.label} round ${round + 1}`);
    let winners = 0;
    results.forEach((result, index) => {
      latencies.push(result.ms);
      if (result.status === 200) {
        winners += 1;
        tally(winnersByServer, serverOf(index).name);
        const body = result.body as { status?: string; assigneeAgentId?: string };
        if (body.status !== "in_progress" || body.assigneeAgentId !== agents[index].id) unexpected.push({ round, kind: "winner body", body });
        return;
      }
      const key = `${result.status} ${problemCode(result) ?? result.error ?? ""}`.trim();
      tally(otherStatuses, key);
      if (key !== "409 checkout_conflict" && unexpected.length < 5) unexpected.push({ round, status: result.status, body: result.body, error: result.error });
    });
    winnersPerRound.push(winners);
  }
  process.stderr.write(
    `[bench] ${options.label}: winners per round ${winnersPerRound.join(",")}; by server ${JSON.stringify(winnersByServer)}; others ${JSON.stringify(otherStatuses)}\n`,
  );
  return {
    rounds: options.rounds,
    contenders: agents.length,
    contendersPerServer: servers.map((_, index) => agents.filter((__, agent) => agent % servers.length === index).length),
    winnersPerRound,
    winnersByServer,
    allRoundsExactlyOneWinner: winnersPerRound.every((winners) => winners === 1),
    allOthers409CheckoutConflict: Object.keys(otherStatuses).every((key) => key === "409 checkout_conflict"),
    otherStatuses,
    latency: summarize(latencies),
    ...(unexpected.length ? { unexpected } : {}),
  };
}
