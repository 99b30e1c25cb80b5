import { randomBytes } from "node:crypto";
import { startKvEmulator, type KvEmulator } from "../../dev/kv";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { BUNDLE_SCHEMA, type PageBundle } from "@/lib/bundle-types";
import { publishGeneration, writeBundle } from "@/lib/store/generations";
import { MANIFEST_SCHEMA, type Manifest, type ManifestEntry } from "@/lib/store/manifest";
import { createStore, type Store } from "@/lib/store/redis";
import { dropKeys, TEST_REDIS_URL } from "../helpers/cloud";

/**
 * A published site written straight through the store (no Notion): enough to drive the index job
 * generation by generation and count what it touches.
 */
export interface SiteFixture {
  store: Store;
  /** Page id → its text; `publish` writes a generation from it. */
  pages: Map<string, { title: string; text: string; parent: string; bundleGen: string }>;
  publish(generation: string, changed?: Iterable<string>): Promise<Manifest>;
  close(): Promise<void>;
}

export const ROOT = "root";

function bundleOf(id: string, title: string, text: string): PageBundle {
  return {
    kind: "page",
    schema: BUNDLE_SCHEMA,
    id,
    title,
    properties: {},
    parent: { kind: "other" },
    createdTime: "2026-01-01T00:00:00.000Z",
    lastEditedTime: "2026-01-01T00:00:00.000Z",
    inTrash: false,
    blocks: [{ id: `${id}-p`, type: "paragraph", text: [{ text }] }],
    description: "",
    syncedAt: "2026-01-01T00:00:00.000Z",
  };
}

/** A site of `pageCount` pages and a home page, in its own KV emulator or in `into` (whose owner closes it). */
export async function startSiteFixture(pageCount: number, into?: Store): Promise<SiteFixture> {
  const kv: KvEmulator | undefined = into
    ? undefined
    : await startKvEmulator({ port: 0, redisUrl: TEST_REDIS_URL });
  const store =
    into ??
    createStore({
      url: kv!.url,
      token: DEV_DEFAULTS.kvToken,
      prefix: `t${randomBytes(4).toString("hex")}`,
      retries: 0,
    });
  const pages: SiteFixture["pages"] = new Map();
  pages.set(ROOT, { title: "Home", text: "Welcome home.", parent: "", bundleGen: "" });
  for (let i = 0; i < pageCount; i++) {
    pages.set(`p${i}`, {
      title: `Page ${i}`,
      text: `Body of page number ${i}, quite ordinary.`,
      parent: ROOT,
      bundleGen: "",
    });
  }
  return {
    store,
    pages,
    /** Write bundles for new pages and those in `changed`, then publish every page as one generation. */
    async publish(generation, changed = []) {
      const dirty = new Set(changed);
      const entries: Record<string, ManifestEntry> = {};
      for (const [id, page] of pages) {
        if (!page.bundleGen || dirty.has(id)) {
          await writeBundle(store, bundleOf(id, page.title, page.text), generation);
          page.bundleGen = generation;
        }
        entries[id] = {
          id,
          kind: "page",
          slug: id === ROOT ? "" : `docs/${id}`,
          segment: id,
          title: page.title,
          parentId: page.parent || null,
          lastEditedTime: "2026-01-01T00:00:00.000Z",
          bundleGen: page.bundleGen,
          children: [],
        };
      }
      const manifest: Manifest = {
        schema: MANIFEST_SCHEMA,
        generation,
        jobId: generation,
        publishedAt: new Date().toISOString(),
        rootId: ROOT,
        watermark: "2026-01-01T00:00:00.000Z",
        entries,
      };
      await publishGeneration(store, manifest);
      return manifest;
    },
    async close() {
      if (!kv) return;
      await dropKeys(store);
      await kv.close();
    },
  };
}
