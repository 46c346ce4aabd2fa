// Runs once per server process before requests are served.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ensureAdminFromEnvironment } = await import("./lib/users/bootstrap");
  const outcome = await ensureAdminFromEnvironment();
  if (outcome === "created") console.log(`[switchboard] created instance admin ${process.env.ADMIN_EMAIL}`);
  const { startScheduler } = await import("./lib/heartbeats/scheduler");
  startScheduler();
}
