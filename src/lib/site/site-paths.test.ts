import { describe, expect, it } from "vitest";
import { formatDate } from "./dates";
import { normalizeNotionId } from "./notion-id";
import { colorClass, fileSrc, pathOf, safeHref } from "./site-paths";

describe("site paths", () => {
  it("turns slugs into encoded paths", () => {
    expect(pathOf("")).toBe("/");
    expect(pathOf("guides/setup")).toBe("/guides/setup");
    expect(pathOf("café/100%")).toBe("/caf%C3%A9/100%25");
  });

  it("serves Notion-hosted files through /api/files and external ones directly", () => {
    const notion = { kind: "notion", url: "https://s3/x?sig", expiresAt: "" } as const;
    expect(fileSrc({ ...notion, ownerId: "abc", field: "block" })).toBe("/api/files/abc");
    expect(fileSrc({ ...notion, ownerId: "abc", field: "cover" })).toBe("/api/files/abc?field=cover");
    expect(fileSrc({ ...notion, ownerId: "abc", field: "icon" })).toBe("/api/files/abc?field=icon");
    expect(fileSrc({ kind: "external", url: "https://img.example/a.png" })).toBe("https://img.example/a.png");
    // Covers, icons and og:image are limited to http(s).
    for (const url of [
      "javascript:alert(25)",
      " JAVASCRIPT:alert(1)",
      "data:image/svg+xml,<svg/>",
      "//evil.example/x",
    ])
      expect(fileSrc({ kind: "external", url }), url).toBeUndefined();
  });

  it("only lets safe links through", () => {
    expect(safeHref("https://x.example")).toBe("https://x.example");
    expect(safeHref("mailto:a@b.c")).toBe("mailto:a@b.c");
    expect(safeHref("/local")).toBe("/local");
    expect(safeHref("#anchor")).toBe("#anchor");
    expect(safeHref("javascript:alert(1)")).toBeUndefined();
    expect(safeHref(" JaVaScRiPt:alert(1)")).toBeUndefined();
    expect(safeHref("//evil.example")).toBeUndefined();
    expect(safeHref("data:text/html,x")).toBeUndefined();
    // Browsers resolve "/\\host" and "\\/host" like "//host": another site.
    expect(safeHref("/\\evil.example/x")).toBeUndefined();
    expect(safeHref("\\/evil.example/x")).toBeUndefined();
    expect(safeHref("/docs/a\\b")).toBe("/docs/a\\b");
  });

  it("maps Notion colours to classes", () => {
    expect(colorClass("red")).toBe("color-red");
    expect(colorClass("blue_background")).toBe("bg-blue");
    expect(colorClass("default")).toBeUndefined();
    expect(colorClass(undefined)).toBeUndefined();
  });

  it("normalises Notion ids", () => {
    expect(normalizeNotionId("1A2B3C4D00004000800000000000000A")).toBe(
      "1a2b3c4d-0000-4000-8000-00000000000a",
    );
    expect(normalizeNotionId("1a2b3c4d-0000-4000-8000-00000000000a")).toBe(
      "1a2b3c4d-0000-4000-8000-00000000000a",
    );
    expect(normalizeNotionId("../../etc/passwd")).toBeNull();
    expect(normalizeNotionId("1a2b3c4d")).toBeNull();
  });

  it("formats dates on the author's calendar day", () => {
    expect(formatDate("2024-05-01")).toBe("May 1, 2024");
    expect(formatDate("2024-05-01T23:30:00.000-08:00")).toBe("May 1, 2024");
    expect(formatDate(null)).toBeNull();
    expect(formatDate("someday")).toBe("someday");
  });
});
