import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { generateWorkspace } from "../../dev/notion";
import { DeadlineReachedError } from "@/lib/jobs/errors";
import { createStore } from "@/lib/store/redis";
import { runSyncStep, startSync } from "@/lib/sync/engine";
import { dropKeys, startTestCloud, type TestCloud } from "../helpers/cloud";

/**
 * One Notion client per process (one throttle, one rate budget), one session per step: two steps in the
 * same process, and a step beside a file lookup, keep their own deadlines and counters. Before sessions,
 * each step set the shared client's deadline and diffed its counters, so they overwrote each other.
 */
let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({
    workspace: generateWorkspace({ seed: 5, pages: 80, depth: 2, blocksPerPage: 4 }).workspace,
    latencyMs: 3,
  });
});
afterAll(() => cloud.close());

describe("Notion sessions", () => {
  it("two steps in one process keep their own deadlines and counters", async () => {
    const api = cloud.api({ concurrency: 4 });
    const otherStore = createStore({
      url: cloud.kv.url,
      token: DEV_DEFAULTS.kvToken,
      prefix: `t${randomBytes(4).toString("hex")}`,
      retries: 0,
    });
    try {
      const a = { ...cloud.deps(api) };
      const b = { ...cloud.deps(api), store: otherStore };
      const [stateA, stateB] = await Promise.all([
        startSync(a, "jsessiona000", { mode: "force" }),
        startSync(b, "jsessionb000", { mode: "force" }),
      ]);
      // A short step and a long one, started together on the same client.
      const [short, long] = await Promise.all([
        runSyncStep(a, "jsessiona000", stateA, { budgetMs: 80 }),
        runSyncStep(b, "jsessionb000", stateB, { budgetMs: 60_000 }),
      ]);
      expect(short.done).toBe(false);
      expect(long.done).toBe(true); // the short step's deadline did not cut the long one short
      expect(long.state.counters.pagesWritten).toBe(80);
      // Each step counted its own calls; together they are exactly what the shared client made.
      expect(short.state.counters.apiCalls + long.state.counters.apiCalls).toBe(api.counters.apiCalls);
      expect(long.state.counters.apiCalls).toBeGreaterThan(short.state.counters.apiCalls);
    } finally {
      await dropKeys(otherStore);
    }
  });

  it("a file lookup beside a step has its own deadline and counts only its own calls", async () => {
    const api = cloud.api({ concurrency: 4 });
    const deps = cloud.deps(api);
    const state = await startSync(deps, "jsessionc000", { mode: "force" });
    const lookup = api.session({ deadline: Date.now() + 10_000, maxRetries: 1 });
    const [step, page] = await Promise.all([
      runSyncStep(deps, "jsessionc000", state, { budgetMs: 60_000 }),
      lookup.retrievePage(cloud.notion.rootPageId),
    ]);
    expect(page.id).toBeTruthy();
    expect(lookup.counters.apiCalls).toBe(1);
    expect(step.state.counters.apiCalls + 1).toBe(api.counters.apiCalls);

    // A lookup whose deadline has passed fails alone; the client and other sessions go on.
    const late = api.session({ deadline: Date.now() - 1 });
    await expect(late.retrievePage(cloud.notion.rootPageId)).rejects.toBeInstanceOf(DeadlineReachedError);
    expect((await api.session().retrievePage(cloud.notion.rootPageId)).id).toBeTruthy();
  });

  it("an aborted session starts no more calls (a cancelled step)", async () => {
    const api = cloud.api();
    const controller = new AbortController();
    const session = api.session({ signal: controller.signal });
    await session.retrievePage(cloud.notion.rootPageId);
    controller.abort();
    await expect(session.retrievePage(cloud.notion.rootPageId)).rejects.toBeInstanceOf(DeadlineReachedError);
    expect(session.counters.apiCalls).toBe(1);
  });
});
