import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_STEP_BUDGET_MS, notionConfig, syncTuning, WORKER_MAX_DURATION_S } from "@/lib/config";

/** Issue 14 §4: a step, plus the Notion call it may still be waiting on, ends before the function is killed. */

const root = join(__dirname, "..", "..");
const routeSource = readFileSync(join(root, "src/app/api/sync/worker/route.ts"), "utf8");
const vercel = JSON.parse(readFileSync(join(root, "vercel.json"), "utf8")) as {
  functions: Record<string, { maxDuration?: number }>;
};

function literalMaxDuration(): number {
  const match = routeSource.match(/^export const maxDuration = (\d+);$/m);
  if (!match) throw new Error("the worker route must export maxDuration as a number literal");
  return Number(match[1]);
}

describe("the worker's step budget", () => {
  it("is a literal export in the worker route, equal in config and vercel.json", () => {
    expect(literalMaxDuration()).toBe(WORKER_MAX_DURATION_S);
    expect(vercel.functions["src/app/api/sync/worker/route.ts"]?.maxDuration).toBe(WORKER_MAX_DURATION_S);
  });

  it("leaves room for the Notion call timeout below maxDuration, by default", () => {
    const env = { NOTION_TOKEN: "secret_x", NOTION_ROOT_PAGE_ID: "d3e40000000040008000000000000001" };
    const budget = syncTuning(env).stepBudgetMs;
    expect(budget).toBe(DEFAULT_STEP_BUDGET_MS);
    expect(budget + notionConfig(env).timeoutMs).toBeLessThan(literalMaxDuration() * 1000);
  });

  it("fits Vercel Hobby's 300 s ceiling", () => {
    expect(literalMaxDuration()).toBeLessThanOrEqual(300);
  });

  it("takes SYNC_STEP_BUDGET_MS as an override", () => {
    expect(syncTuning({ SYNC_STEP_BUDGET_MS: "45000" }).stepBudgetMs).toBe(45_000);
  });
});
