import { afterEach, describe, expect, it } from "vitest";
import {
  documentsTouched,
  runSearchIndexStep,
  startSearchIndex,
  type SearchIndexState,
} from "@/lib/search/index-job";
import { searchSite } from "@/lib/search/query";
import { readSearchMeta } from "@/lib/store/search-index";
import { MAX_CHUNK_BYTES } from "@/lib/search/chunks";
import { keysOf } from "../helpers/cloud";
import { startSiteFixture, type SiteFixture } from "./search-fixture";

let site: SiteFixture;
afterEach(() => site.close());

/** Run the index job to the end in-process (what the job layer does through QStash). */
async function indexNow(jobId: string, budgetMs = 60_000): Promise<SearchIndexState> {
  const deps = { store: site.store };
  let state = await startSearchIndex(deps);
  for (let step = 0; step < 1000; step++) {
    const result = await runSearchIndexStep(deps, jobId, state, Date.now() + budgetMs);
    state = result.state;
    if (result.done) return state;
  }
  throw new Error("index job did not finish in 1000 steps");
}

async function find(q: string, limit = 10) {
  return searchSite(site.store, await readSearchMeta(site.store), q, limit);
}

describe("index job", () => {
  it("touches only changed documents: 0, 1 and 100 changed pages of 1,000", async () => {
    site = await startSiteFixture(999); // + the home page = 1,000 documents
    await site.publish("g1");
    const first = await indexNow("i1");
    expect(first.counters.documentsAdded).toBe(1000);
    expect((await readSearchMeta(site.store))?.documents).toBe(1000);

    await site.publish("g2");
    const none = await indexNow("i2");
    expect(documentsTouched(none)).toBe(0);

    site.pages.get("p7")!.text = "An edit with the word zanzibar.";
    await site.publish("g3", ["p7"]);
    const one = await indexNow("i3");
    expect(documentsTouched(one)).toBe(1);
    expect(one.counters.documentsReplaced).toBe(1);

    const hundred = Array.from({ length: 100 }, (_, i) => `p${i * 9}`);
    for (const id of hundred) site.pages.get(id)!.text = `Rewritten page ${id} mentions quokka.`;
    await site.publish("g4", hundred);
    const many = await indexNow("i4");
    expect(documentsTouched(many)).toBe(100);
    expect(many.counters.documentsUnchanged).toBe(900);

    const hits = await find("quokka", 200);
    expect(hits).toHaveLength(100);
    console.log(
      `[search] documents touched per sync of 1,000 pages: 0 changed → ${documentsTouched(none)}, 1 → ${documentsTouched(one)}, 100 → ${documentsTouched(many)}; index ${(await readSearchMeta(site.store))?.bytes} bytes`,
    );
  });

  it("finds new text and no longer finds the old after an edit; removed pages are gone with their texts", async () => {
    site = await startSiteFixture(20);
    site.pages.get("p3")!.text = "The unique marker xylophone-7 lives here.";
    await site.publish("g1");
    await indexNow("i1");
    const [hit] = await find("xylophone");
    expect(hit).toMatchObject({ title: "Page 3", url: "/docs/p3", breadcrumb: ["Home"] });
    expect(hit?.snippet).toContain("<mark>xylophone</mark>");

    site.pages.get("p3")!.text = "Now it says marimba instead.";
    site.pages.delete("p4");
    await site.publish("g2", ["p3"]);
    const state = await indexNow("i2");
    expect(state.counters).toMatchObject({ documentsReplaced: 1, documentsRemoved: 1, documentsAdded: 0 });
    expect(await find("xylophone")).toEqual([]);
    expect((await find("marimba")).map((r) => r.url)).toEqual(["/docs/p3"]);
    expect(await find("page 4")).not.toContainEqual(expect.objectContaining({ url: "/docs/p4" }));
    // Only the live generation's values remain: one text per document, the old chunks collected.
    const texts = await keysOf(site.store, "search:text:*");
    expect(texts).toHaveLength(20);
    expect(texts.filter((k) => k.includes(":p3:"))).toEqual([expect.stringMatching(/:i2$/)]);
    const chunks = await keysOf(site.store, "search:chunk:*");
    expect(chunks.every((k) => k.includes(":i2:"))).toBe(true);
  });

  it("spreads a big build over steps that stop at their deadline, and publishes once at the end", async () => {
    site = await startSiteFixture(160);
    await site.publish("g1");
    const deps = { store: site.store };
    let state = await startSearchIndex(deps);
    let steps = 0;
    for (;;) {
      // A deadline already passed: each step indexes one batch, saves its work and hands over.
      const result = await runSearchIndexStep(deps, "i1", state, Date.now() - 1);
      state = result.state;
      steps++;
      if (result.done) break;
      expect(await readSearchMeta(site.store)).toBeNull();
    }
    expect(steps).toBeGreaterThan(1);
    expect((await readSearchMeta(site.store))?.documents).toBe(161);
    expect((await find("ordinary", 500)).length).toBe(160);
    expect(await keysOf(site.store, "search:chunk:i1.p*")).toEqual([]);
  });

  it("stores the index in chunks of at most 1 MB", async () => {
    site = await startSiteFixture(1000);
    // Distinct words per page, so the index itself (not only the texts) outgrows one chunk.
    for (const [id, page] of site.pages) {
      page.text = Array.from({ length: 40 }, (_, k) => `w${id}n${k}`).join(" ");
    }
    await site.publish("g1");
    await indexNow("i1");
    const meta = await readSearchMeta(site.store);
    expect(meta!.chunks).toBeGreaterThan(1);
    for (const key of await keysOf(site.store, "search:chunk:*")) {
      const value = await site.store.redis.get<string>(key);
      expect(Buffer.byteLength(value!)).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    }
  });

  it("indexes a publish that lands while it runs, in the same run", async () => {
    site = await startSiteFixture(100);
    await site.publish("g1");
    const deps = { store: site.store };
    let state = await startSearchIndex(deps);
    let result = await runSearchIndexStep(deps, "i1", state, Date.now() - 1);
    expect(result.done).toBe(false);
    site.pages.get("p1")!.text = "Late news about pangolins.";
    await site.publish("g2", ["p1"]);
    for (state = result.state; !result.done; state = result.state) {
      result = await runSearchIndexStep(deps, "i1", state, Date.now() + 60_000);
    }
    expect((await readSearchMeta(site.store))?.siteGeneration).toBe("g2");
    expect((await find("pangolins")).map((r) => r.url)).toEqual(["/docs/p1"]);
  });
});
