/**
 * Runs a job's steps in a child process so a test can kill it mid-step (SIGKILL: no cleanup at all).
 * Env: KV_URL, KV_PREFIX, NOTION_URL, ROOT_ID, JOB_ID, STEP_BUDGET_MS.
 */
import { runInline } from "@/lib/jobs/step-runner";
import { emulatorRuntime } from "./emulator-engine";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`step-child needs ${name}`);
  return value;
};

const { runtime } = emulatorRuntime({
  kvUrl: env("KV_URL"),
  prefix: env("KV_PREFIX"),
  notionUrl: env("NOTION_URL"),
  rootId: env("ROOT_ID"),
  stepBudgetMs: Number(env("STEP_BUDGET_MS")),
  lockMarginMs: 500,
});
await runInline(runtime, env("JOB_ID"), { maxMs: 120_000 });
process.stdout.write("done\n");
