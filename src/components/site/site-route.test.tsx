import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Bundle, DatabaseBundle, PageBundle } from "@/lib/bundle-types";
import { loadSitePage, type SiteReads } from "@/lib/site/site-page";
import type { Manifest } from "@/lib/store/manifest";
import type { RouteRead } from "@/lib/store/site-reader";
import { SiteRoute } from "./site-route";
import { entry } from "./render-fixtures";

const ROOT = "a0000000-0000-4000-8000-000000000000";
const GUIDES = "a1000000-0000-4000-8000-000000000000";
const SETUP = "a2000000-0000-4000-8000-000000000000";
const BLOG = "b0000000-0000-4000-8000-000000000000";
const POST = "b1000000-0000-4000-8000-000000000000";

const manifest: Manifest = {
  schema: 1,
  generation: "g1",
  jobId: "job-1",
  publishedAt: "2024-05-01T10:00:00.000Z",
  rootId: ROOT,
  watermark: "2024-05-01T10:00:00.000Z",
  entries: Object.fromEntries(
    [
      entry(ROOT, "", "Acme Handbook"),
      entry(GUIDES, "guides", "Guides"),
      entry(SETUP, "guides/setup", "Setup"),
      entry(BLOG, "blog", "Blog", "database"),
      entry(POST, "blog/hello", "Hello"),
    ].map((e) => [e.id, e]),
  ),
};

function page(over: Partial<PageBundle>): PageBundle {
  return {
    kind: "page",
    schema: 1,
    id: SETUP,
    title: "Setup",
    properties: {},
    parent: { kind: "page", id: GUIDES },
    createdTime: "2024-04-01T00:00:00.000Z",
    lastEditedTime: "2024-05-01T10:00:00.000Z",
    inTrash: false,
    blocks: [],
    description: "",
    syncedAt: "2024-05-01T10:05:00.000Z",
    ...over,
  };
}

/** Reads served from memory (slug → bundle): the Redis side is covered by site-page.test.ts. */
function reads(routes: Record<string, Bundle>, published = true): SiteReads {
  return {
    route: (slug): Promise<RouteRead> => {
      if (!published) return Promise.resolve({ state: "empty" });
      const bundle = routes[slug];
      return Promise.resolve(
        bundle ? { state: "found", generation: "g1", bundle } : { state: "missing", generation: "g1" },
      );
    },
    index: (_generation, ids, slugs) => {
      const wanted = Object.values(manifest.entries).filter(
        (e) => ids.includes(e.id) || slugs.includes(e.slug) || e.id === manifest.rootId,
      );
      return Promise.resolve({
        rootId: manifest.rootId,
        entries: Object.fromEntries(wanted.map((e) => [e.id, e])),
      });
    },
    siteTitle: () => Promise.resolve(published ? (manifest.entries[manifest.rootId]?.title ?? null) : null),
  };
}

async function renderRoute(bundle: Bundle, slug: string): Promise<string> {
  const loaded = await loadSitePage(reads({ [slug]: bundle }), slug);
  if (loaded.state === "missing") throw new Error("missing");
  return renderToStaticMarkup(<SiteRoute page={loaded} />);
}

describe("SiteRoute", () => {
  it("renders a whole page: landmarks, breadcrumbs, cover, icon, title and blocks", async () => {
    const bundle = page({
      icon: { kind: "emoji", emoji: "🛠️" },
      cover: {
        kind: "notion",
        ownerId: SETUP,
        field: "cover",
        url: "https://s3.example/c.jpg?sig",
        expiresAt: "2024-05-01T11:00:00Z",
      },
      blocks: [
        {
          id: "c1000000-0000-4000-8000-000000000000",
          type: "heading_1",
          text: [{ text: "Install" }],
          toggleable: false,
        },
        {
          id: "c2000000-0000-4000-8000-000000000000",
          type: "paragraph",
          text: [{ text: "See the " }, { text: "blog", pageId: BLOG }],
        },
      ],
    });
    const html = await renderRoute(bundle, "guides/setup");
    expect(html).toContain('<a class="skip-link" href="#content">Skip to content</a>');
    expect(html).toContain('<header class="site-header"><a class="site-title" href="/">Acme Handbook</a>');
    expect(html).toContain(
      '<nav aria-label="Breadcrumb"><ol class="breadcrumbs"><li><a href="/">Acme Handbook</a></li><li><a href="/guides">Guides</a></li><li><span aria-current="page">Setup</span></li></ol></nav>',
    );
    expect(html).toContain('<main id="content"><article class="page">');
    expect(html).toContain(
      `<div class="cover"><img src="/api/files/${SETUP}?field=cover" alt="" loading="lazy" decoding="async"/></div>`,
    );
    expect(html).toContain(
      '<header class="page-header"><span class="page-icon" aria-hidden="true">🛠️</span><h1>Setup</h1></header>',
    );
    expect(html).toContain(
      '<h2 id="c1000000000040008000000000000000">Install</h2><p>See the <a href="/blog">blog</a></p>',
    );
    expect(html).toContain(
      '<footer class="site-footer"><p>Synced from Notion <time dateTime="2024-05-01T10:05:00.000Z">2024-05-01 10:05 UTC</time></p></footer>',
    );
    expect(html).not.toContain("s3.example");
  });

  it("shows the properties of a database row page", async () => {
    const row = page({
      id: POST,
      title: "Hello",
      parent: { kind: "data_source", id: "ds", databaseId: BLOG },
      properties: {
        Name: { type: "title", spans: [{ text: "Hello" }], text: "Hello" },
        Date: { type: "date", start: "2024-04-30", end: null },
        Tags: { type: "multi_select", values: [{ name: "news" }, { name: "release" }] },
        Related: { type: "relation", ids: [SETUP] },
        Empty: { type: "rich_text", spans: [], text: "" },
      },
    });
    const html = await renderRoute(row, "blog/hello");
    expect(html).toContain(
      '<dl class="properties"><div><dt>Date</dt><dd><time dateTime="2024-04-30">Apr 30, 2024</time></dd></div>' +
        '<div><dt>Tags</dt><dd><ul class="tags"><li>news</li><li>release</li></ul></dd></div>' +
        '<div><dt>Related</dt><dd><a href="/guides/setup">Setup</a></dd></div></dl>',
    );
    expect(html).not.toContain("<dt>Name</dt>");
    expect(html).not.toContain("<dt>Empty</dt>");
  });

  it("lists a database's rows in the bundle's order with date and tags", async () => {
    const db: DatabaseBundle = {
      kind: "database",
      schema: 1,
      id: BLOG,
      title: "Blog",
      dataSourceIds: ["ds"],
      description: "Company news",
      syncedAt: "2024-05-01T10:05:00.000Z",
      rows: [
        {
          id: POST,
          slug: "blog/hello",
          title: "Hello",
          properties: {},
          date: "2024-04-30",
          tags: ["news"],
          createdTime: "",
          lastEditedTime: "",
        },
        {
          id: "b2000000-0000-4000-8000-000000000000",
          slug: "blog/older",
          title: "",
          properties: {},
          date: null,
          tags: [],
          createdTime: "",
          lastEditedTime: "",
        },
      ],
    };
    const html = await renderRoute(db, "blog");
    expect(html).toContain('<h1>Blog</h1></header><p class="description">Company news</p>');
    expect(html).toContain(
      '<ul class="rows"><li><a class="row-title" href="/blog/hello">Hello</a><time dateTime="2024-04-30">Apr 30, 2024</time><ul class="tags" aria-label="Tags"><li>news</li></ul></li>' +
        '<li><a class="row-title" href="/blog/older">Untitled</a></li></ul>',
    );
  });

  it("renders the home page without breadcrumbs", async () => {
    const html = await renderRoute(page({ id: ROOT, title: "Acme Handbook", parent: { kind: "other" } }), "");
    expect(html).not.toContain("Breadcrumb");
    expect(html).toContain("<h1>Acme Handbook</h1>");
  });

  it("explains how to run the first sync when nothing is published", async () => {
    const loaded = await loadSitePage(reads({}, false), "anything");
    expect(loaded.state).toBe("empty");
    if (loaded.state !== "empty") return;
    const html = renderToStaticMarkup(<SiteRoute page={loaded} />);
    expect(html).toContain("<h1>Nothing has been synced yet</h1>");
    expect(html).toContain("<code>npm run sync</code>");
    expect(html).toContain('<main id="content"');
  });
});
