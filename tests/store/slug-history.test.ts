import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startKvEmulator, type KvEmulator } from "../../dev/kv";
import type { ManifestEntry } from "@/lib/store/manifest";
import { createStore, type Store } from "@/lib/store/redis";
import { readSlugHistory } from "@/lib/store/slug-history";
import { slugRedirects } from "@/lib/sync/publish-drafts";
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
const site = (prefix: string) =>
  new Map(Array.from({ length: PAGES }, (_, i) => [idOf(i), entry(i, `${prefix}-${i}`)]));

describe("slug redirects of a large site", () => {
  it("redirects every old slug after all pages moved, reading the history in pages", async () => {
    expect(await slugRedirects(store, site("old"), new Map())).toEqual({});
    const moved = site("new");
    const redirects = await slugRedirects(store, moved, new Map());
    expect(Object.keys(redirects)).toHaveLength(PAGES);
    expect(redirects["old-7"]).toBe(`new-7\t${idOf(7)}`);
    expect(redirects[`old-${PAGES - 1}`]).toBe(`new-${PAGES - 1}\t${idOf(PAGES - 1)}`);
    expect(Object.keys(await readSlugHistory(store))).toHaveLength(2 * PAGES);
    expect(kv.commandsSeen().get("hgetall") ?? 0).toBe(0);
    expect(kv.commandsSeen().get("hscan")).toBeGreaterThan(2);
  });
});
