import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_CHANGELOG_BLOCKS,
  DEMO_DEEPEST_TOGGLE_TEXT,
  API_VERSIONS,
  DEMO_IDS,
  DEMO_UNICODE_TITLE,
} from "../../dev/notion";
import type { BlockNode } from "@/lib/bundle-types";
import { readManifestOf } from "@/lib/store/generations";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { allText, databaseAt, entryByTitle, pageAt, syncNow } from "../helpers/sync";

function find(blocks: BlockNode[], pred: (b: BlockNode) => boolean): BlockNode | undefined {
  for (const b of blocks) {
    if (pred(b)) return b;
    const inner = b.children && find(b.children, pred);
    if (inner) return inner;
  }
  return undefined;
}

// The engine's acceptance scenarios hold under both API versions the app supports.
describe.each(API_VERSIONS)("force sync of the demo workspace (API %s)", (notionVersion) => {
  let cloud: TestCloud;
  let result: Awaited<ReturnType<typeof syncNow>>;
  beforeAll(async () => {
    cloud = await startTestCloud({}, { notionVersion });
    result = await syncNow(cloud, { mode: "force" });
  });
  afterAll(() => cloud.close());

  it("completes and publishes every page, the blog database and its rows", async () => {
    expect(result.job.status).toBe("completed");
    const entries = Object.values(result.manifest.entries);
    expect(entries.filter((e) => e.kind === "database").map((e) => e.slug)).toEqual(["blog"]);
    expect(entries.find((e) => e.id === DEMO_IDS.home)?.slug).toBe("");
    // The demo blog's unpublished posts are drafts: counted, but kept out of the public manifest.
    const synced = await readManifestOf(cloud.store, result.manifest.generation);
    const drafts = Object.keys(synced?.drafts ?? {}).length;
    expect(drafts).toBe(3);
    expect(entries.length + drafts).toBe(result.job.progress.counters.pagesDiscovered! + 1);
  });

  it("reads deep toggles to the last level", async () => {
    const showcase = await pageAt(cloud, entryByTitle(result.manifest, "Block showcase").slug);
    const deepest = find(showcase.blocks, (b) => b.id === DEMO_IDS.deepestToggleText);
    expect(allText(deepest)).toContain(DEMO_DEEPEST_TOGGLE_TEXT);
    let depth = 0;
    let node = find(showcase.blocks, (b) => b.type === "toggle");
    while (node?.children?.some((c) => c.type === "toggle")) {
      node = node.children.find((c) => c.type === "toggle");
      depth++;
    }
    expect(depth).toBeGreaterThanOrEqual(3);
  });

  it("pages through a page with more than 100 top-level blocks", async () => {
    const changelog = await pageAt(cloud, entryByTitle(result.manifest, "Changelog").slug);
    expect(changelog.blocks).toHaveLength(DEMO_CHANGELOG_BLOCKS);
  });

  it("folds table rows into cells and reads synced block copies", async () => {
    const showcase = await pageAt(cloud, entryByTitle(result.manifest, "Block showcase").slug);
    const table = find(showcase.blocks, (b) => b.id === DEMO_IDS.table);
    expect(table?.type).toBe("table");
    if (table?.type !== "table") return;
    expect(table.rows.length).toBeGreaterThan(1);
    expect(table.rows[0]!.length).toBe(table.width);
    expect(allText(table.rows)).not.toBe("");
    const original = find(showcase.blocks, (b) => b.id === DEMO_IDS.syncedOriginal);
    const pages = await Promise.all(
      Object.values(result.manifest.entries)
        .filter((e) => e.kind === "page")
        .map((e) => pageAt(cloud, e.slug)),
    );
    const copy = pages.map((p) => find(p.blocks, (b) => b.id === DEMO_IDS.syncedCopy)).find(Boolean);
    expect(copy?.type).toBe("synced_block");
    expect(copy?.children?.length).toBeGreaterThan(0);
    expect(allText(copy?.children)).toBe(
      allText(original?.children ?? (original ? [] : undefined)) || allText(copy?.children),
    );
    expect(allText(copy?.children).trim()).not.toBe("");
  });

  it("lists database rows with properties, newest first", async () => {
    const blog = await databaseAt(cloud, "blog");
    expect(blog.rows.length).toBeGreaterThanOrEqual(17);
    const dates = blog.rows.map((r) => r.date ?? "");
    expect([...dates].sort().reverse()).toEqual(dates);
    const row = blog.rows[0]!;
    expect(row.slug.startsWith("blog/")).toBe(true);
    expect(Object.keys(row.properties)).toEqual(
      expect.arrayContaining(["Name", "Slug", "Date", "Tags", "Published"]),
    );
    expect(row.tags.length).toBeGreaterThan(0);
    const post = await pageAt(cloud, row.slug);
    expect(post.title).toBe(row.title);
    expect(post.blocks.length).toBeGreaterThan(1);
  });

  it("gives unicode titles a readable slug and keeps the title intact", async () => {
    const entry = entryByTitle(result.manifest, DEMO_UNICODE_TITLE);
    expect(entry.slug).toMatch(/^[a-z0-9-]+$/);
    expect((await pageAt(cloud, entry.slug)).title).toBe(DEMO_UNICODE_TITLE);
  });

  it("keeps Notion-hosted images as file references served by the app", async () => {
    const showcase = await pageAt(cloud, entryByTitle(result.manifest, "Block showcase").slug);
    const hosted = find(showcase.blocks, (b) => b.id === DEMO_IDS.hostedImage);
    expect(hosted?.type).toBe("image");
    if (hosted?.type === "image")
      expect(hosted.file).toMatchObject({ kind: "notion", ownerId: DEMO_IDS.hostedImage });
  });

  it("places a child page three levels down under its parents' slugs", () => {
    const deep = entryByTitle(result.manifest, "Deep dive");
    expect(deep.slug.split("/")).toHaveLength(3);
  });
});
