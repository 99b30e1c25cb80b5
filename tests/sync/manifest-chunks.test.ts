/**
 * Nothing big in one value: with a KV that refuses requests over 64 KB (Upstash refuses 10 MB, or 1 MB
 * on older plans) a workspace whose manifest is several times that publishes, reads back, and collects.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startKvEmulator, type KvEmulator } from "../../dev/kv/server";
import { generateWorkspace, startNotionEmulator, type NotionEmulator } from "../../dev/notion";
import { enqueueJob } from "@/lib/jobs/lifecycle";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { runInline } from "@/lib/jobs/step-runner";
import { silentLogger } from "@/lib/log";
import { collectGeneration } from "@/lib/store/collect-generation";
import { publishGeneration, readManifestOf } from "@/lib/store/generations";
import { previousFrom, type Manifest, type ManifestEntry, type PlannedEntry } from "@/lib/store/manifest";
import {
  readPlannedManifestOf,
  readPreviousGeneration,
  readPublishedManifest,
  writeManifestHeader,
} from "@/lib/store/manifest-store";
import { createStore, type Store } from "@/lib/store/redis";
import { readManifest, readRoute, readSiteIndex } from "@/lib/store/site-reader";
import { createSyncJobType, SYNC_JOB } from "@/lib/sync/job";
import type { SyncParams } from "@/lib/sync/types";
import { dropKeys, keysOf, TEST_REDIS_URL } from "../helpers/cloud";
import { emulatorApi } from "../helpers/emulator-engine";

const MAX_REQUEST = 64 * 1024;

let notion: NotionEmulator;
let kv: KvEmulator;
let store: Store;

beforeAll(async () => {
  const generated = generateWorkspace({ seed: 14, pages: 400, depth: 3, blocksPerPage: 2 });
  notion = await startNotionEmulator({ port: 0, rateLimit: false, workspace: generated.workspace });
  // The emulator answers 413 to a bigger request, as Upstash does past its limit.
  kv = await startKvEmulator({ port: 0, redisUrl: TEST_REDIS_URL, maxRequestBytes: MAX_REQUEST });
  store = {
    ...createStore({
      url: kv.url,
      token: DEV_DEFAULTS.kvToken,
      prefix: `t${randomBytes(4).toString("hex")}`,
    }),
    limits: { batchBytes: 16 * 1024 },
  };
});
afterAll(async () => {
  await dropKeys(store);
  await notion.close();
  await kv.close();
});

async function sync(params: SyncParams, on: NotionEmulator = notion, into: Store = store): Promise<Manifest> {
  const rt: JobRuntime = {
    store: into,
    types: {
      [SYNC_JOB]: createSyncJobType({
        store: into,
        api: emulatorApi(on.url),
        rootPageId: on.rootPageId,
        now: () => on.clock.now(),
      }),
    },
    stepBudgetMs: 600_000,
    log: silentLogger,
  };
  const { job } = await enqueueJob(rt, { type: SYNC_JOB, params, source: "cli" });
  const done = await runInline(rt, job.id, { maxMs: 600_000 });
  expect(done.job.status, done.job.lastError ?? "").toBe("completed");
  const manifest = await readManifest(into);
  if (!manifest) throw new Error("nothing published");
  return manifest;
}

describe("a manifest bigger than one request", () => {
  let first: Manifest;

  it("publishes and reads back whole through a KV that refuses requests over 64 KB", async () => {
    first = await sync({ mode: "force" });
    expect(Object.keys(first.entries)).toHaveLength(400);
    // The old layout (the manifest as one value) could not have been written here.
    expect(Buffer.byteLength(JSON.stringify(first))).toBeGreaterThan(2 * MAX_REQUEST);
    const page = Object.values(first.entries).find((e) => e.slug.split("/").length === 3)!;
    const read = await readRoute(store, page.slug);
    expect(read.state).toBe("found");
    const index = await readSiteIndex(store, first.generation, [page.id], [page.slug]);
    expect(index.entries[page.id]).toEqual({ id: page.id, slug: page.slug, title: page.title });
    expect(index.rootId).toBe(first.rootId);
  });

  it("a second sync publishes over it and collects every key only the first one used", async () => {
    const second = await sync({ mode: "force" });
    expect(second.generation).not.toBe(first.generation);
    expect(Object.keys(second.entries).sort()).toEqual(Object.keys(first.entries).sort());
    const left = (await keysOf(store, `*${first.generation}*`)).filter((k) => !k.includes(":job:"));
    expect(left).toEqual([]);
    expect(await readManifestOf(store, first.generation)).toBeNull();
    first = second;
  });

  it("reads back as a sync plans against it: every entry's place, kind and slug, without its detail", async () => {
    const planned = (await readPlannedManifestOf(store, first.generation))!;
    expect(planned.watermark).toBe(first.watermark);
    expect([...planned.entries.keys()].sort()).toEqual(Object.keys(first.entries).sort());
    for (const whole of Object.values(first.entries)) {
      const { row: _row, lastEditedTime: _edited, ...rest } = whole;
      expect(planned.entries.get(whole.id)).toEqual(rest);
    }
    expect(planned.drafts.size).toBe(0);
    // A generation that is not there (collected, say): nothing to plan against.
    expect(await readPlannedManifestOf(store, "no-such-generation")).toBeNull();
  });

  it("reads back by id or a page at a time, from the facts its header keeps", async () => {
    const planned = (await readPlannedManifestOf(store, first.generation))!;
    const whole = previousFrom(planned);
    const lazy = (await readPreviousGeneration(store, first.generation))!;
    expect(lazy.facts).toEqual(whole.facts);
    expect(lazy.facts.pages).toBe(planned.entries.size - Object.keys(whole.facts.dataSources).length);
    expect(lazy.count).toBe(planned.entries.size);
    const some = [...planned.entries.keys()].slice(0, 50);
    expect(await lazy.lookup([...some, "no-such-id"])).toEqual(await whole.lookup(some));
    // A page at a time (a full walk's publish): the same public entries as read whole.
    const scanned = new Map<string, PlannedEntry>();
    for await (const page of lazy.scan()) for (const e of page) scanned.set(e.id, e);
    expect(scanned).toEqual(planned.entries);

    // Facts bigger than a batch (thousands of stale entries) are left out of the header: the next sync
    // reads the generation whole, and knows the same.
    const { entries: _entries, drafts: _drafts, ...header } = planned;
    const counts = { count: planned.entries.size, drafts: 0 };
    const stale = Array.from({ length: 3_000 }, (_, i) => `stale-${i}`); // 40 KB: past this store's 16 KB batch
    await writeManifestHeader(store, header, counts, { ...whole.facts, stale });
    const raw = JSON.parse((await store.redis.get<string>(store.keys.manifest(first.generation)))!) as object;
    expect(raw).not.toHaveProperty("stale");
    expect(raw).toMatchObject({ count: planned.entries.size, watermark: first.watermark });
    expect((await readPreviousGeneration(store, first.generation))!.facts).toEqual(whole.facts);
    await writeManifestHeader(store, header, counts, whole.facts);
    expect(
      JSON.parse((await store.redis.get<string>(store.keys.manifest(first.generation)))!),
    ).toHaveProperty("stale");
  });

  it("reads a generation of the older layout (the manifest as one value) the same way", async () => {
    const gen = `legacy-${first.generation}`;
    // Twenty entries: that layout predates the request limit, and this KV refuses more than 64 KB.
    const some = Object.values(first.entries).slice(0, 20);
    const value = { ...first, generation: gen, entries: Object.fromEntries(some.map((e) => [e.id, e])) };
    await store.redis.set(store.keys.manifest(gen), JSON.stringify(value));
    const legacy = (await readPlannedManifestOf(store, gen))!;
    expect(legacy.generation).toBe(gen);
    expect(legacy.watermark).toBe(first.watermark);
    expect([...legacy.entries.keys()]).toEqual(some.map((e) => e.id));
    for (const { row: _row, lastEditedTime: _edited, ...rest } of some) {
      expect(legacy.entries.get(rest.id)).toEqual(rest);
    }
    expect(legacy.drafts.size).toBe(0);
    await store.redis.del(store.keys.manifest(gen));
  });
});

describe("a database listing bigger than one request", () => {
  let big: NotionEmulator;
  // Batches of 40 KB: the database's manifest entry lists its 900 rows' ids (35 KB), its listing is
  // several times bigger.
  let store: Store;
  beforeAll(async () => {
    store = {
      ...createStore({
        url: kv.url,
        token: DEV_DEFAULTS.kvToken,
        prefix: `t${randomBytes(4).toString("hex")}`,
      }),
      limits: { batchBytes: 40 * 1024 },
    };
    const generated = generateWorkspace({
      seed: 15,
      pages: 10,
      depth: 2,
      blocksPerPage: 1,
      databases: 1,
      rowsPerDatabase: 900,
    });
    big = await startNotionEmulator({ port: 0, rateLimit: false, workspace: generated.workspace });
  });
  afterAll(async () => {
    await dropKeys(store);
    await big.close();
  });

  it("is stored in parts no bigger than a batch, read whole, and collected with its parts", async () => {
    const first = await sync({ mode: "force" }, big, store);
    const db = Object.values(first.entries).find((e) => e.kind === "database")!;
    const rows = db.children.filter((id) => first.entries[id]);
    expect(rows.length).toBeGreaterThan(200);

    const read = await readRoute(store, db.slug);
    if (read.state !== "found" || read.bundle.kind !== "database") throw new Error(`listing: ${read.state}`);
    expect(read.bundle.rows.map((r) => r.id).sort()).toEqual(rows.sort());
    // Whole, the listing could not have been written to this KV: it is stored in parts.
    expect(Buffer.byteLength(JSON.stringify(read.bundle))).toBeGreaterThan(MAX_REQUEST);
    const parts = await keysOf(store, `*${db.id}*:part:*`);
    expect(parts.length).toBeGreaterThan(1);
    // Published bundles do not expire, their parts neither.
    const ttls = await Promise.all(parts.map((k) => store.redis.ttl(k)));
    expect(ttls.every((t) => t === -1)).toBe(true);

    big.workspace.trashPage(rows[0]!);
    const second = await sync({ mode: "force" }, big, store);
    const again = await readRoute(store, db.slug);
    if (again.state !== "found" || again.bundle.kind !== "database")
      throw new Error(`listing: ${again.state}`);
    expect(again.bundle.rows.map((r) => r.id)).not.toContain(rows[0]);
    expect(again.bundle.rows).toHaveLength(rows.length - 1);
    const left = (await keysOf(store, `*${first.generation}*`)).filter((k) => !k.includes(":job:"));
    expect(left).toEqual([]);
    expect(second.generation).not.toBe(first.generation);
  });
});

describe("a reader during collection", () => {
  function entry(i: number, gen: string): ManifestEntry {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    return {
      id,
      kind: "page",
      slug: i === 0 ? "" : `p${i}`,
      segment: `p${i}`,
      title: `Page ${i} of ${gen}`,
      parentId: i === 0 ? null : `00000000-0000-4000-8000-${"0".repeat(12)}`,
      lastEditedTime: "2026-01-01T00:00:00.000Z",
      bundleGen: gen,
      children: [],
    };
  }
  function manifestOf(gen: string, pages: number): Manifest {
    const entries = Array.from({ length: pages }, (_, i) => entry(i, gen));
    return {
      schema: 1,
      generation: gen,
      jobId: gen,
      publishedAt: "2026-01-01T00:00:00.000Z",
      rootId: entries[0]!.id,
      watermark: "2026-01-01T00:00:00.000Z",
      entries: Object.fromEntries(entries.map((e) => [e.id, e])),
    };
  }

  it("never returns part of a generation collected while it was being read", async () => {
    const a = manifestOf("gen-a", 3_000);
    const b = manifestOf("gen-b", 2_000);
    await publishGeneration(store, a);
    // A reader that pauses after its first page of entries, while the publisher flips to b and
    // collects a: the same interleaving a slow reader meets on a busy site.
    let collected = false;
    const redis = new Proxy(store.redis, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (prop !== "hscan" || typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (!collected) {
            collected = true;
            await publishGeneration(store, b);
            await collectGeneration(store, a, b);
          }
          return result;
        };
      },
    });
    const read = await readPublishedManifest({ ...store, redis });
    expect(collected).toBe(true);
    expect(read?.generation).toBe("gen-b");
    expect(Object.keys(read!.entries)).toHaveLength(2_000);
    expect(Object.values(read!.entries).every((e) => e.title.endsWith("of gen-b"))).toBe(true);
  });
});
