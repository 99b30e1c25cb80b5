import { describe, expect, it } from "vitest";
import type { PageBundle } from "../bundle-types";
import type { Manifest } from "../store/manifest";
import { siteMetadata, sitemapOf } from "./metadata";
import type { SitePage } from "./site-page";
import { siteBaseUrl } from "./site-url";

const bundle: PageBundle = {
  kind: "page",
  schema: 1,
  id: "f1000000-0000-4000-8000-000000000000",
  title: "Setup",
  properties: {},
  parent: { kind: "other" },
  createdTime: "",
  lastEditedTime: "",
  inTrash: false,
  blocks: [],
  description: "How to install it.",
  syncedAt: "",
  cover: {
    kind: "notion",
    ownerId: "f1000000-0000-4000-8000-000000000000",
    field: "cover",
    url: "https://s3/x",
    expiresAt: "",
  },
};

const found = (over: Partial<PageBundle> = {}, slug = "guides/setup"): SitePage => ({
  state: "found",
  slug,
  bundle: { ...bundle, ...over },
  siteTitle: "Acme",
  breadcrumbs: [],
  resolve: () => null,
});

describe("siteMetadata", () => {
  it("gives a page its title, description and cover as Open Graph image", () => {
    expect(siteMetadata(found())).toEqual({
      title: "Setup · Acme",
      description: "How to install it.",
      alternates: { canonical: "/guides/setup" },
      openGraph: {
        title: "Setup",
        description: "How to install it.",
        siteName: "Acme",
        url: "/guides/setup",
        type: "article",
        images: [{ url: "/api/files/f1000000-0000-4000-8000-000000000000?field=cover" }],
      },
    });
  });

  it("uses the site title alone on the home page and omits empty values", () => {
    const meta = siteMetadata(found({ cover: undefined, description: "" }, ""));
    expect(meta.title).toBe("Acme");
    expect(meta.description).toBeUndefined();
    expect(meta.openGraph?.images).toBeUndefined();
  });

  it("never turns a non-http(s) cover into an og:image", () => {
    const meta = siteMetadata(found({ cover: { kind: "external", url: "javascript:alert(25)" } }));
    expect(meta.openGraph?.images).toBeUndefined();
    expect(JSON.stringify(meta)).not.toContain("javascript:");
  });

  it("keeps the empty and missing states out of search engines", () => {
    expect(siteMetadata({ state: "empty" })).toMatchObject({ robots: { index: false } });
    expect(siteMetadata({ state: "missing", slug: "x", siteTitle: "Acme" })).toMatchObject({
      title: "Page not found · Acme",
      robots: { index: false },
    });
  });
});

describe("sitemapOf", () => {
  it("lists every synced entry with absolute URLs, home first", () => {
    const entry = (id: string, slug: string) => ({
      id,
      kind: "page" as const,
      slug,
      segment: slug.split("/").pop() ?? "",
      title: id,
      parentId: null,
      lastEditedTime: "2024-05-01T10:00:00.000Z",
      bundleGen: "g",
      children: [],
    });
    const manifest: Manifest = {
      schema: 1,
      generation: "g",
      jobId: "j",
      publishedAt: "",
      rootId: "r",
      watermark: "",
      entries: { b: entry("b", "blog/été"), r: entry("r", ""), a: entry("a", "about") },
    };
    expect(sitemapOf(manifest, "https://site.example")).toEqual([
      { url: "https://site.example/", lastModified: "2024-05-01T10:00:00.000Z" },
      { url: "https://site.example/about", lastModified: "2024-05-01T10:00:00.000Z" },
      { url: "https://site.example/blog/%C3%A9t%C3%A9", lastModified: "2024-05-01T10:00:00.000Z" },
    ]);
    expect(sitemapOf(null, "https://site.example")).toEqual([]);
  });

  it("builds absolute URLs from APP_URL, or localhost when it is not set", () => {
    expect(siteBaseUrl({ APP_URL: "https://docs.example/" })).toBe("https://docs.example");
    expect(siteBaseUrl({ VERCEL_PROJECT_PRODUCTION_URL: "acme.vercel.app" })).toBe("https://acme.vercel.app");
    expect(siteBaseUrl({})).toBe("http://localhost:3000");
  });
});
