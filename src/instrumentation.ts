/** Runs once when a server process starts (Next's instrumentation hook). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { checkCacheGeneration } = await import("./lib/site/startup-check");
  await checkCacheGeneration();
}
