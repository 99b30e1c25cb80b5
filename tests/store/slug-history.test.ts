import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startKvEmulator, type KvEmulator } from "../../dev/kv";
import { cmsKeys } from "@/lib/store/cms-keys";
import { publishGeneration } from "@/lib/store/generations";
import { MANIFEST_SCHEMA, type Manifest, type ManifestEntry } from "@/lib/store/manifest";
import { scanHash } from "@/lib/store/manifest-chunks";
import { createStore, type Store } from "@/lib/store/redis";
import { readRedirect, readSlugHistory } from "@/lib/store/slug-history";
import { dropKeys, TEST_REDIS_URL } from "../helpers/cloud";

/** Issue 14: a large site's slug history is read a page at a time, never as one HGETALL reply. */

let kv: KvEmulator;
let store: Store;
beforeEach(async () => {
  kv = await startKvEmulator({ port: 0, redisUrl: TEST_REDIS_URL });
  store = createStore({
    url: kv.url,
    token: DEV_DEFAULTS.kvToken,
    prefix: `sh${randomBytes(4).toString("hex")}`,
    retries: 0,
  });
});
afterEach(async () => {
  await dropKeys(store);
  await kv.close();
});

const PAGES = 1_300; // more than two HSCAN pages
const idOf = (i: number) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`;
const entry = (i: number, slug: string): ManifestEntry => ({
  id: idOf(i),
  kind: "page",
  slug,
  segment: slug,
  title: slug,
  parentId: null,
  lastEditedTime: "2026-01-01T00:00:00.000Z",
  bundleGen: "g",
  children: [],
});
const site = (generation: string, prefix: string): Manifest => ({
  schema: MANIFEST_SCHEMA,
  generation,
  jobId: generation,
  publishedAt: "2026-01-01T00:00:00.000Z",
  rootId: idOf(0),
  watermark: "2026-01-01T00:00:00.000Z",
  entries: Object.fromEntries(Array.from({ length: PAGES }, (_, i) => [idOf(i), entry(i, `${prefix}-${i}`)])),
  drafts: {},
});

async function redirectsOf(gen: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const page of scanHash(store, cmsKeys(store).redirects(gen)))
    Object.assign(out, Object.fromEntries(page));
  return out;
}

describe("slug redirects of a large site", () => {
  it("redirects every old slug after all pages moved, reading the history in pages", async () => {
    await publishGeneration(store, site("gen-a", "old"), { slugHistory: true });
    expect(await redirectsOf("gen-a")).toEqual({});
    await publishGeneration(store, site("gen-b", "new"), { slugHistory: true });
    const redirects = await redirectsOf("gen-b");
    expect(Object.keys(redirects)).toHaveLength(PAGES);
    expect(redirects["old-7"]).toBe(`new-7\t${idOf(7)}`);
    expect(redirects[`old-${PAGES - 1}`]).toBe(`new-${PAGES - 1}\t${idOf(PAGES - 1)}`);
    expect(await readRedirect(store, "old-7")).toBe("new-7");
    expect(await readRedirect(store, "new-7")).toBeNull();
    expect(Object.keys(await readSlugHistory(store))).toHaveLength(2 * PAGES);
    expect(kv.commandsSeen().get("hgetall") ?? 0).toBe(0);
    expect(kv.commandsSeen().get("hscan")).toBeGreaterThan(2);
  });
});
