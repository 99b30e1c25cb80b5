import { describe, expect, it } from "vitest";
import { DEFAULT_ICON_EMOJI, faviconResponse } from "./site-icon";

const BASE = "https://site.example";

describe("faviconResponse", () => {
  it("draws the root page's emoji, or the default when it has no icon", async () => {
    const emoji = faviconResponse({ kind: "emoji", emoji: "🏠" }, BASE);
    expect(emoji.headers.get("content-type")).toBe("image/svg+xml");
    expect(await emoji.text()).toContain("🏠");
    const none = faviconResponse(undefined, BASE);
    expect(await none.text()).toContain(DEFAULT_ICON_EMOJI);
  });

  it("redirects to an image icon: a Notion-hosted one through /api/files, an external one as it is", () => {
    const hosted = faviconResponse(
      {
        kind: "file",
        file: {
          kind: "notion",
          ownerId: "a1b2c3d4-0000-4000-8000-000000000001",
          field: "icon",
          url: "https://s3.example/secret?X-Amz-Signature=abc",
          expiresAt: "2026-01-01T00:00:00.000Z",
        },
      },
      BASE,
    );
    expect(hosted.status).toBe(307);
    const location = hosted.headers.get("location") ?? "";
    expect(location.startsWith(`${BASE}/api/files/`)).toBe(true);
    // The signed URL Notion handed out is never put in a page or a redirect of ours.
    expect(location).not.toContain("X-Amz-Signature");
    const external = faviconResponse(
      { kind: "file", file: { kind: "external", url: "https://cdn.example/i.png" } },
      BASE,
    );
    expect(external.headers.get("location")).toBe("https://cdn.example/i.png");
  });

  it("never redirects to an icon URL that is not http(s): the default is drawn instead", async () => {
    const bad = faviconResponse(
      { kind: "file", file: { kind: "external", url: "javascript:alert(1)" } },
      BASE,
    );
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain(DEFAULT_ICON_EMOJI);
  });
});
