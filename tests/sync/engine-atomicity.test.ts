import { afterAll, beforeAll, expect, it } from "vitest";
import { generateWorkspace } from "../../dev/notion";
import { readRoute } from "@/lib/store/site-reader";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { allText, syncNow } from "../helpers/sync";

const MARKER = "generation-two-marker";
let cloud: TestCloud;
let pageIds: string[];

beforeAll(async () => {
  const generated = generateWorkspace({ seed: 5, pages: 60, depth: 3, blocksPerPage: 6 });
  pageIds = generated.pageIds;
  cloud = await startTestCloud({ workspace: generated.workspace, latencyMs: 3 });
});
afterAll(() => cloud.close());

it("never lets a reader see a mix of two generations", async () => {
  const first = await syncNow(cloud, { mode: "force" });
  const slugs = Object.values(first.manifest.entries).map((e) => e.slug);
  cloud.notion.clock.advance(120_000);
  for (const id of pageIds) {
    cloud.notion.workspace.appendBlocks(id, [
      { type: "paragraph", paragraph: { rich_text: [{ type: "text", text: { content: MARKER } }] } },
    ]);
  }

  const reads: { generation: string; marked: boolean }[] = [];
  let syncing = true;
  // Many steps, paced by the client's rate (25 calls/s for ~60 calls) rather than by a tiny budget: a
  // budget must outlast a step's own setup, which takes tens of milliseconds on a busy machine.
  const api = cloud.api({ ratePerSecond: 25, burst: 1 });
  const sync = syncNow(cloud, { mode: "incremental" }, { api, stepBudgetMs: 400 }).finally(
    () => (syncing = false),
  );
  for (let i = 0; syncing || i % slugs.length !== 0; i++) {
    const read = await readRoute(cloud.store, slugs[i % slugs.length]!);
    expect(read.state).toBe("found");
    if (read.state === "found")
      reads.push({ generation: read.generation, marked: allText(read.bundle).includes(MARKER) });
  }
  const second = await sync;

  expect(second.job.step).toBeGreaterThan(3);
  const old = reads.filter((r) => r.generation === first.job.id);
  const fresh = reads.filter((r) => r.generation === second.job.id);
  expect(old.length).toBeGreaterThan(0);
  expect(fresh.length).toBeGreaterThan(0);
  expect(old.length + fresh.length).toBe(reads.length);
  expect(old.every((r) => !r.marked)).toBe(true);
  expect(fresh.every((r) => r.marked)).toBe(true);
});
