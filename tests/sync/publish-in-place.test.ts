import { afterEach, describe, expect, it } from "vitest";
import { DEMO_IDS, demoPostId } from "../../dev/notion";
import { hostedImage } from "../../dev/notion/block-builders";
import { fileKey } from "@/lib/bundle-files";
import type { PageBundle } from "@/lib/bundle-types";
import { cmsKeys } from "@/lib/store/cms-keys";
import { readCurrentGeneration } from "@/lib/store/current-generation";
import type { ManifestEntry } from "@/lib/store/manifest";
import { hgetallRaw } from "@/lib/store/redis";
import { runSyncStep, startSync, type SyncDeps } from "@/lib/sync/engine";
import type { SyncParams, SyncState } from "@/lib/sync/types";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { bundleAt, databaseAt, syncNow } from "../helpers/sync";

/**
 * Issue 14: a sync that only changed what pages show publishes those entries over a copy of the live
 * generation, instead of planning and rewriting every index of the site. What it publishes must be what
 * a publish that plans the whole generation derives from the same workspace.
 */

const T0 = Date.parse("2026-03-02T10:00:05.000Z");
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let cloud: TestCloud;

/** Every index and manifest hash of a generation, as readers and the next sync see them. */
async function generationIndexes(generation: string) {
  const store = cloud.store;
  const cms = cmsKeys(store);
  const keys = {
    routes: store.keys.routes(generation),
    links: store.keys.links(generation),
    privateRoutes: cms.privateRoutes(generation),
    redirects: cms.redirects(generation),
    files: store.keys.files(generation),
    entries: store.keys.manifestEntries(generation),
    drafts: cms.privateManifest(generation),
  };
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, key] of Object.entries(keys)) {
    const hash = await hgetallRaw(store, key);
    // Records compared as values: the field order inside a JSON string is not the point.
    out[name] = name === "entries" || name === "drafts" ? parseValues(hash) : hash;
  }
  return out;
}

/**
 * Manifest records by id. A database's rows are in the order its last full walk listed them (a force
 * sync and a reconciliation list them in different orders); its listing sorts them, so the order is
 * not compared.
 */
function parseValues(hash: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(hash).map(([id, json]) => {
      const entry = JSON.parse(json) as ManifestEntry;
      return [id, entry.kind === "database" ? { ...entry, children: [...entry.children].sort() } : entry];
    }),
  );
}

async function ttls(generation: string): Promise<number[]> {
  const store = cloud.store;
  const keys = [
    store.keys.routes(generation),
    store.keys.files(generation),
    store.keys.manifestEntries(generation),
  ];
  return Promise.all(keys.map((key) => store.redis.ttl(key)));
}

const inPlace = (state: unknown) => (state as SyncState | null)?.publishInPlace;

describe("publishing in place", () => {
  afterEach(() => cloud.close());

  it("publishes content edits over a copy of the live generation, as a planned publish derives them", async () => {
    cloud = await startTestCloud();
    cloud.notion.clock.set(T0);
    const first = await syncNow(cloud, { mode: "force" });
    const ws = cloud.notion.workspace;
    const post = demoPostId(2);
    const newFile = ws.addHostedFile({ name: "desk-2.png", rgb: [10, 120, 200] });
    cloud.notion.clock.advance(5 * MINUTE);
    // Content only: a paragraph, a row's summary (its database's listing shows it), an image gone from
    // one page and one added to another.
    ws.editBlockText(DEMO_IDS.introParagraph, "Welcome back: edited in place.");
    ws.updateRowProperties(post, { Summary: "A summary edited in place." });
    ws.trashBlock(DEMO_IDS.hostedImage);
    ws.appendBlocks(DEMO_IDS.about, [hostedImage(newFile, "A second desk")]);
    cloud.notion.clock.advance(MINUTE);

    const edited = await syncNow(cloud);
    expect(edited.job.status).toBe("completed");
    expect(inPlace(edited.job.state)).toBe(true);
    const generation = (await readCurrentGeneration(cloud.store))!;
    expect(generation).toBe(edited.job.id);
    // What readers get: the edits, and every other page as it was.
    expect(JSON.stringify(await bundleAt(cloud, ""))).toContain("Welcome back: edited in place.");
    const blog = await databaseAt(cloud, first.manifest.entries[DEMO_IDS.blogDatabase]!.slug);
    expect(JSON.stringify(blog.rows.find((r) => r.id === post))).toContain("A summary edited in place.");
    expect(edited.manifest.entries[DEMO_IDS.contact]).toEqual(first.manifest.entries[DEMO_IDS.contact]);
    const showcaseSlug = first.manifest.entries[DEMO_IDS.showcase]!.slug;
    const showcase = (await bundleAt(cloud, showcaseSlug)) as PageBundle;
    expect(JSON.stringify(showcase.blocks)).not.toContain(DEMO_IDS.hostedImage);
    const indexes = await generationIndexes(generation);
    const files = indexes.files!;
    expect(files[fileKey(DEMO_IDS.hostedImage, "block")]).toBeUndefined();
    const aboutFiles = Object.entries(files).filter(([, owner]) => owner === DEMO_IDS.about);
    expect(aboutFiles.length).toBe(3); // its cover, the first image, the one added
    expect(Object.keys(indexes.routes!).length).toBe(Object.keys(edited.manifest.entries).length);
    // Published: nothing of the generation expires.
    expect(await ttls(generation)).toEqual([-1, -1, -1]);
    // Home, the post, the showcase and About.
    expect(edited.job.progress.counters).toMatchObject({ pagesWritten: 4, pagesDeleted: 0 });

    // A day later the reconciliation walks everything and plans the whole generation from scratch.
    cloud.notion.clock.advance(DAY);
    const planned = await syncNow(cloud);
    expect(planned.job.status).toBe("completed");
    expect(inPlace(planned.job.state)).toBe(false);
    const again = (await readCurrentGeneration(cloud.store))!;
    expect(again).toBe(planned.job.id);
    expect(await generationIndexes(again)).toEqual(indexes);
  });

  /**
   * Run a sync to its end, noting every command it sends about the live generation's entries hash, by
   * name, from its start (which resolves a page sync's target) to its collection.
   */
  async function watchedSync(live: string, job: string, params: SyncParams) {
    const entriesKey = cloud.store.keys.manifestEntries(live);
    const commands: string[] = [];
    const deps = cloud.deps();
    const redis = new Proxy(deps.store.redis, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== "function" || typeof prop !== "string") return value;
        return (...args: unknown[]) => {
          if (args.includes(entriesKey)) commands.push(prop);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const watched: SyncDeps = { ...deps, store: { ...deps.store, redis } };
    let state = await startSync(watched, job, params);
    for (let step = 0; state.phase !== "done"; step++) {
      expect(step, "the sync never finished").toBeLessThan(20);
      state = (await runSyncStep(watched, job, state, { budgetMs: 600_000 })).state;
    }
    return { state, commands };
  }

  it("reads the live generation's entries only by id, from the listing to the collection", async () => {
    cloud = await startTestCloud();
    cloud.notion.clock.set(T0);
    const first = await syncNow(cloud, { mode: "force" });
    cloud.notion.clock.advance(5 * MINUTE);
    cloud.notion.workspace.editBlockText(DEMO_IDS.introParagraph, "Edited, read by id.");
    cloud.notion.clock.advance(MINUTE);

    const { state, commands } = await watchedSync(first.manifest.generation, "jinplace0001", {
      mode: "incremental",
    });
    expect(state.publishInPlace).toBe(true);
    expect(JSON.stringify(await bundleAt(cloud, ""))).toContain("Edited, read by id.");
    // Looked up by id (HMGET), copied inside Redis, deleted once collected: never read whole (HSCAN).
    expect(commands).toContain("hmget");
    expect(commands.filter((c) => c !== "hmget" && c !== "del")).toEqual([]);
  });

  it("a page sync, by slug or by id, finds its page and publishes it reading entries only by id", async () => {
    cloud = await startTestCloud();
    cloud.notion.clock.set(T0);
    const first = await syncNow(cloud, { mode: "force" });
    const about = first.manifest.entries[DEMO_IDS.about]!;
    cloud.notion.clock.advance(5 * MINUTE);
    cloud.notion.workspace.editBlockText(DEMO_IDS.introParagraph, "Home, edited.");
    cloud.notion.clock.advance(MINUTE);

    const bySlug = await watchedSync(first.manifest.generation, "jpageslug01", {
      mode: "page",
      page: `/${about.slug}/`,
    });
    expect(bySlug.state.target).toBe(DEMO_IDS.about);
    expect(bySlug.state.publishInPlace).toBe(true);
    expect(bySlug.commands.filter((c) => c !== "hmget" && c !== "del")).toEqual([]);

    // The home page by its id (undashed, as Notion's URLs write it): its edit is published.
    const live = (await readCurrentGeneration(cloud.store))!;
    const byId = await watchedSync(live, "jpageid0001", {
      mode: "page",
      page: DEMO_IDS.home.replace(/-/g, ""),
    });
    expect(byId.state.target).toBe(DEMO_IDS.home);
    expect(byId.commands.filter((c) => c !== "hmget" && c !== "del")).toEqual([]);
    expect(JSON.stringify(await bundleAt(cloud, ""))).toContain("Home, edited.");
  });

  it("plans the generation whole when an edit renames, hides or removes a page", async () => {
    cloud = await startTestCloud();
    cloud.notion.clock.set(T0);
    await syncNow(cloud, { mode: "force" });
    const ws = cloud.notion.workspace;
    const edits: [string, () => void, (m: Awaited<ReturnType<typeof syncNow>>["manifest"]) => void][] = [
      [
        "a renamed page (its slug and its links change)",
        () => ws.setPageTitle(DEMO_IDS.contact, "Get in touch"),
        (m) => expect(m.entries[DEMO_IDS.contact]?.slug).toBe("get-in-touch"),
      ],
      [
        "a row unpublished (a draft now)",
        () => ws.updateRowProperties(demoPostId(0), { Published: false }),
        (m) => expect(m.entries[demoPostId(0)]).toBeUndefined(),
      ],
      [
        "a page trashed",
        () => ws.trashPage(DEMO_IDS.changelog),
        (m) => expect(m.entries[DEMO_IDS.changelog]).toBeUndefined(),
      ],
    ];
    for (const [what, edit, check] of edits) {
      cloud.notion.clock.advance(5 * MINUTE);
      edit();
      cloud.notion.clock.advance(MINUTE);
      const { job, manifest } = await syncNow(cloud);
      expect(job.status, what).toBe("completed");
      expect(inPlace(job.state), what).toBe(false);
      check(manifest);
    }
  });
});
