import { describe, expect, it } from "vitest";
import type { ManifestEntry } from "../store/manifest";
import { assignSlugs, slugSegment } from "./slugs";

function entry(id: string, segment: string, parentId: string | null, children: string[] = []): ManifestEntry {
  return {
    id,
    kind: "page",
    slug: "",
    segment,
    title: segment,
    parentId,
    lastEditedTime: "",
    bundleGen: "g",
    children,
  };
}

describe("slugSegment", () => {
  it("prefers a Slug property, then the title, and is never empty", () => {
    expect(slugSegment("a", "Hello World!", {})).toBe("hello-world");
    expect(slugSegment("a", "Ignored", { Slug: { type: "rich_text", spans: [], text: "custom-path" } })).toBe(
      "custom-path",
    );
    expect(slugSegment("a", "Café ☕ — Ünïcödé", {})).toBe("cafe-uenicoede");
    expect(slugSegment("d3e40000-0000-4000-8000-000000000001", "☕", {})).toBe("d3e400000000");
  });
});

describe("assignSlugs", () => {
  it("nests paths under their parents, the root being the home page", () => {
    const entries = new Map([
      ["r", entry("r", "home", null, ["a"])],
      ["a", entry("a", "docs", "r", ["b"])],
      ["b", entry("b", "guides", "a")],
    ]);
    assignSlugs(entries, "r");
    expect([...entries.values()].map((e) => e.slug)).toEqual(["", "docs", "docs/guides"]);
  });

  it("keeps siblings unique, and a page that had a path keeps it when a namesake arrives", () => {
    const previous = { b: { ...entry("b", "notes", "r"), slug: "notes" } };
    const entries = new Map([
      ["r", entry("r", "home", null, ["a1234567", "b"])],
      ["a1234567", entry("a1234567", "notes", "r")],
      ["b", entry("b", "notes", "r")],
    ]);
    assignSlugs(entries, "r", (id) => previous[id as keyof typeof previous]?.slug);
    expect(entries.get("b")?.slug).toBe("notes");
    expect(entries.get("a1234567")?.slug).toBe("notes-a12345");
  });
});
