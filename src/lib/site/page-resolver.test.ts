import { describe, expect, it } from "vitest";
import type { Manifest } from "../store/manifest";
import { groupLists } from "./block-structure";
import { breadcrumbsFor, createPageResolver, siteTitleOf } from "./page-resolver";
import { entry } from "@/components/site/render-fixtures";

const ROOT = "d0000000-0000-4000-8000-000000000000";
const DOCS = "d1000000-0000-4000-8000-000000000000";
const API = "d2000000-0000-4000-8000-000000000000";

const manifest: Manifest = {
  schema: 1,
  generation: "g",
  jobId: "j",
  publishedAt: "",
  rootId: ROOT,
  watermark: "",
  entries: {
    [ROOT]: entry(ROOT, "", "Docs Home"),
    [DOCS]: entry(DOCS, "docs", "Documentation"),
    [API]: entry(API, "docs/v2/api", "API"),
  },
};

describe("createPageResolver", () => {
  it("finds synced pages whatever the id's dash style or case", () => {
    const resolve = createPageResolver(manifest);
    expect(resolve(DOCS)).toEqual({ slug: "docs", title: "Documentation" });
    expect(resolve(DOCS.replace(/-/g, "").toUpperCase())).toEqual({ slug: "docs", title: "Documentation" });
    expect(resolve(ROOT)).toEqual({ slug: "", title: "Docs Home" });
    expect(resolve("e0000000-0000-4000-8000-000000000000")).toBeNull();
    expect(resolve("garbage")).toBeNull();
    expect(createPageResolver(null)(DOCS)).toBeNull();
  });
});

describe("site title and breadcrumbs", () => {
  it("uses the root page title as the site title", () => {
    expect(siteTitleOf(manifest)).toBe("Docs Home");
    expect(siteTitleOf(null)).toBe("notion-sync");
  });

  it("links each slug prefix that is a page and shows the others as text", () => {
    expect(breadcrumbsFor("docs/v2/api", manifest, "API")).toEqual([
      { label: "Docs Home", href: "/" },
      { label: "Documentation", href: "/docs" },
      { label: "v2" },
      { label: "API" },
    ]);
    expect(breadcrumbsFor("", manifest, "Docs Home")).toEqual([]);
  });
});

describe("groupLists", () => {
  it("keeps bulleted and numbered runs apart", () => {
    const item = (type: "bulleted_list_item" | "numbered_list_item", id: string) => ({ id, type, text: [] });
    const groups = groupLists([
      item("bulleted_list_item", "1"),
      item("bulleted_list_item", "2"),
      item("numbered_list_item", "3"),
    ]);
    expect(
      groups.map((g) => (g.type === "list" ? `${g.ordered ? "ol" : "ul"}:${g.items.length}` : g.type)),
    ).toEqual(["ul:2", "ol:1"]);
  });
});
