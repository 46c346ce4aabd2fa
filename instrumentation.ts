// Runs once per server process before requests are served.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Two instances with one host id would both supervise (and kill) the same services: the second refuses to start.
  const { holdHostIdOrExit } = await import("./lib/runtime/host-presence");
  await holdHostIdOrExit();
  const { ensureAdminFromEnvironment } = await import("./lib/users/bootstrap");
  const outcome = await ensureAdminFromEnvironment();
  if (outcome === "created") console.log(`[switchboard] created instance admin ${process.env.ADMIN_EMAIL}`);
  // Workflows stored before issues.blocking existed: their issues get the flag once per instance, in the background.
  const { backfillBlocking } = await import("./lib/workflow/workflows");
  void backfillBlocking().catch((error) => console.error("[switchboard] blocking backfill failed:", error));
  const { startScheduler } = await import("./lib/heartbeats/scheduler");
  startScheduler();
  // Schedule triggers fire from every instance; a slot is claimed by one of them (lib/routines/scheduler.ts).
  const { startRoutineScheduler } = await import("./lib/routines/scheduler");
  startRoutineScheduler();
  // Services started before a restart are adopted (still running) or marked stopped (gone).
  const { reconcileRuntime } = await import("./lib/runtime/supervisor");
  await reconcileRuntime().catch((error) => console.error("[switchboard] runtime reconcile failed:", error));
  // Actions on this instance's services that arrive at another instance are handed here through the database.
  const { startRuntimeHandoff } = await import("./lib/workspaces/runtime-handoff");
  await startRuntimeHandoff();
  // Finalizes a stopped server left half done end as failures once their lease lapses, so what they held is let go:
  // now, then every few seconds.
  const { recoverAbandoned, startRecovery } = await import("./lib/held-actions/recover");
  await recoverAbandoned().catch((error) => console.error("[switchboard] finalize recovery failed:", error));
  startRecovery();
}
