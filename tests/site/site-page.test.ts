import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { startKvRecorder, type KvRecorder } from "../helpers/kv-recorder";
import type { DatabaseBundle, PageBundle } from "@/lib/bundle-types";
import { publishGeneration, writeBundle } from "@/lib/store/generations";
import type { Manifest } from "@/lib/store/manifest";
import { createStore, type Store } from "@/lib/store/redis";
import { loadSitePage, slugOf, storeReads } from "@/lib/site/site-page";
import { entry } from "@/components/site/render-fixtures";

const ROOT = "e0000000-0000-4000-8000-000000000000";
const NEWS = "e1000000-0000-4000-8000-000000000000";
let cloud: TestCloud;
let recorder: KvRecorder;
/** Writes go straight to the KV emulator; reads go through the recorder, so each round trip is seen. */
let store: Store;
let reader: Store;

const home: PageBundle = {
  kind: "page",
  schema: 1,
  id: ROOT,
  title: "Field Notes",
  properties: {},
  parent: { kind: "other" },
  createdTime: "",
  lastEditedTime: "",
  inTrash: false,
  blocks: [
    { id: "e2000000-0000-4000-8000-000000000000", type: "child_database", databaseId: NEWS, title: "News" },
  ],
  description: "",
  syncedAt: "2024-05-01T10:05:00.000Z",
};

const news: DatabaseBundle = {
  kind: "database",
  schema: 1,
  id: NEWS,
  title: "News",
  dataSourceIds: [],
  rows: [],
  description: "",
  syncedAt: "2024-05-01T10:05:00.000Z",
};

beforeAll(async () => {
  // The KV emulator (Upstash REST in front of the machine's Redis) under a unique key prefix.
  cloud = await startTestCloud();
  recorder = await startKvRecorder(cloud.kv.url);
  store = cloud.store;
  reader = createStore({ url: recorder.url, token: cloud.kv.token, prefix: cloud.prefix, retries: 0 });
});
afterAll(async () => {
  await recorder?.close();
  await cloud?.close(); // deletes the prefix's keys
});

describe("loadSitePage (through the Upstash REST protocol to a real Redis)", () => {
  it("is empty before the first publish", async () => {
    expect(await loadSitePage(storeReads(reader), "")).toEqual({ state: "empty" });
  });

  it("finds published pages and databases with the site title, links and breadcrumbs", async () => {
    const manifest: Manifest = {
      schema: 1,
      generation: "g1",
      jobId: "job",
      publishedAt: "2024-05-01T10:05:00.000Z",
      rootId: ROOT,
      watermark: "2024-05-01T10:00:00.000Z",
      entries: {
        [ROOT]: entry(ROOT, "", "Field Notes", "page"),
        [NEWS]: entry(NEWS, "news", "News", "database"),
      },
    };
    await writeBundle(store, home, "g1");
    await writeBundle(store, news, "g1");
    await publishGeneration(store, manifest);

    recorder.requests.length = 0;
    const commandsBefore = cloud.kv.commandCount();
    const page = await loadSitePage(storeReads(reader), "");
    // Two round trips: the route script (generation + route + bundle), then only the entries the page
    // links to, from the same generation — never the whole manifest.
    // (One HTTP request each; the SDK sends single commands as one-item pipelines.)
    expect(recorder.requests.map((r) => r.commands)).toEqual([["EVAL"], ["HMGET"]]);
    expect(cloud.kv.commandCount() - commandsBefore).toBe(2);
    expect(page.state).toBe("found");
    if (page.state !== "found") return;
    expect(page.bundle).toEqual(home);
    expect(page.siteTitle).toBe("Field Notes");
    expect(page.breadcrumbs).toEqual([]);
    expect(page.resolve(NEWS)).toEqual({ slug: "news", title: "News" });

    const db = await loadSitePage(storeReads(reader), "news");
    expect(db.state === "found" && db.bundle.kind).toBe("database");
    expect(db.state === "found" && db.breadcrumbs).toEqual([
      { label: "Field Notes", href: "/" },
      { label: "News" },
    ]);
  });

  it("reports unknown slugs as missing", async () => {
    expect(await loadSitePage(storeReads(reader), "nope")).toEqual({
      state: "missing",
      slug: "nope",
      siteTitle: "Field Notes",
    });
  });
});

describe("slugOf", () => {
  it("normalises path segments and rejects undecodable ones", () => {
    expect(slugOf(["Guides", "Set%20Up"])).toBe("guides/set up");
    expect(slugOf(undefined)).toBe("");
    expect(slugOf(["100%"])).toBeNull();
  });
});
