import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS, startNotionEmulator } from "../../dev/notion";
import { TEST_EPOCH } from "../../dev/notion/test-support";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import type { NotionConfig } from "@/lib/config";
import { createFileUrlSource } from "@/lib/notion/file-url";
import { serveFileRedirect } from "@/lib/site/file-redirect";

const TOKEN = "ntn_secret_token_must_not_leak";
const HOUR = 3_600_000;
const MARGIN = 5 * 60_000;

// The Notion emulator (demo workspace, frozen clock) and the KV emulator in front of the machine's Redis,
// under a unique key prefix that close() deletes.
let cloud: TestCloud;
const silent = { warn: () => undefined };

function notionConfig(apiUrl: string): NotionConfig {
  return {
    token: TOKEN,
    apiUrl,
    rootPageId: DEMO_IDS.home,
    ratePerSecond: 100,
    burst: 100,
    concurrency: 4,
    timeoutMs: 5_000,
  };
}

/** Files the "published site" shows in these tests (the file index is covered in tests/e2e/files.test.ts). */
let published: (key: string) => Promise<boolean> = () => Promise.resolve(true);
const budget = { calls: 1000, windowMs: 10_000 };

/** The redirect as the route serves it, on the emulator's clock (so URL expiry is exact). */
function serve(
  ownerId: string,
  field: string | null = null,
  apiUrl = cloud.notion.url,
  source = createFileUrlSource(notionConfig(apiUrl), { budgetMs: 2_000 }),
) {
  const { store } = cloud;
  return serveFileRedirect(
    { ownerId, field },
    { store, source, isPublished: published, budget, logger: silent, now: () => cloud.notion.clock.now() },
  );
}

/** API requests Notion received (file downloads aside), as "METHOD path". */
function notionRequests(): string[] {
  return cloud.notion.requests
    .entries()
    .filter((e) => e.path.startsWith("/v1/"))
    .map((e) => `${e.method} ${e.path}`);
}

const maxAgeOf = (response: Response) =>
  Number(/max-age=(\d+)/.exec(response.headers.get("cache-control") ?? "")?.[1]);

beforeAll(async () => {
  cloud = await startTestCloud({ token: TOKEN, now: () => TEST_EPOCH });
});
afterAll(() => cloud?.close());
afterEach(() => {
  published = () => Promise.resolve(true);
  budget.calls = 1000;
  cloud.notion.requests.reset();
  cloud.notion.setFileTtl(HOUR);
  cloud.notion.clock.set(TEST_EPOCH);
});

describe("serveFileRedirect", () => {
  it("redirects to a fresh Notion URL, then serves it from the cache until 5 minutes before expiry", async () => {
    const { notion, store } = cloud;
    const first = await serve(DEMO_IDS.hostedImage);
    expect(first.status).toBe(302);
    const location = first.headers.get("location") ?? "";
    expect(location.startsWith(`${notion.url}/__files/${DEMO_IDS.heroImageFile}/hero.png?`)).toBe(true);
    expect(location).not.toContain(TOKEN);
    const maxAge = maxAgeOf(first);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(1800);
    const download = await fetch(location);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");

    // Same file, dashless id: one cache entry, no second Notion call (Notion would mint a new URL).
    const second = await serve(DEMO_IDS.hostedImage.replace(/-/g, ""));
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe(location);
    expect(notionRequests()).toEqual([`GET /v1/blocks/${DEMO_IDS.hostedImage}`]);

    // Notion's URL lives an hour; the cache entry lives until 5 minutes before that.
    const ttl = await store.redis.ttl(store.keys.fileUrl(DEMO_IDS.hostedImage, "block"));
    const expected = (HOUR - MARGIN) / 1000;
    expect(ttl).toBeGreaterThan(expected - 30);
    expect(ttl).toBeLessThanOrEqual(expected);

    // Still cached just before the margin; past it, a fresh URL comes from Notion.
    notion.clock.advance(HOUR - MARGIN - 1_000);
    expect((await serve(DEMO_IDS.hostedImage)).headers.get("location")).toBe(location);
    expect(notionRequests()).toHaveLength(1);
    notion.clock.advance(2_000);
    const fresh = await serve(DEMO_IDS.hostedImage);
    expect(fresh.status).toBe(302);
    expect(fresh.headers.get("location")).not.toBe(location);
    expect(notionRequests()).toHaveLength(2);
  });

  it("does not cache a URL that expires within 5 minutes", async () => {
    const { notion, store } = cloud;
    notion.setFileTtl(2 * 60_000);
    const response = await serve(DEMO_IDS.fileBlock);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain(`/__files/${DEMO_IDS.diagramFile}/`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await store.redis.exists(store.keys.fileUrl(DEMO_IDS.fileBlock, "block"))).toBe(0);
    await serve(DEMO_IDS.fileBlock);
    expect(notionRequests()).toEqual([
      `GET /v1/blocks/${DEMO_IDS.fileBlock}`,
      `GET /v1/blocks/${DEMO_IDS.fileBlock}`,
    ]);
  });

  it("asks for the page when the field is cover or icon", async () => {
    const { notion, store } = cloud;
    const cover = await serve(DEMO_IDS.about, "cover");
    expect(cover.status).toBe(302);
    expect(cover.headers.get("location")).toContain(`${notion.url}/__files/${DEMO_IDS.aboutCoverFile}/`);
    expect(notionRequests()).toEqual([`GET /v1/pages/${DEMO_IDS.about}`]);
    expect(await store.redis.exists(store.keys.fileUrl(DEMO_IDS.about, "cover"))).toBe(1);

    // About's icon is an emoji: nothing to redirect to.
    const icon = await serve(DEMO_IDS.about, "icon");
    expect(icon.status).toBe(404);
    expect(await icon.json()).toMatchObject({ ok: false, code: "not_notion_hosted" });
  });

  it("rejects malformed ids and fields with 400 before asking anyone", async () => {
    const badId = await serve("not-a-notion-id");
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { error: string }).error).toMatch(/Notion block or page id/);
    const badField = await serve(DEMO_IDS.hostedImage, "thumbnail");
    expect(badField.status).toBe(400);
    expect(((await badField.json()) as { error: string }).error).toMatch(/block, cover, icon/);
    expect(cloud.notion.requests.counts().total).toBe(0);
  });

  it("answers 404 JSON for an unknown block", async () => {
    const unknown = "8a2b3c4d-0000-4000-8000-00000000000a";
    const response = await serve(unknown);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ ok: false, code: "not_found" });
    expect(notionRequests()).toEqual([`GET /v1/blocks/${unknown}`]);
  });

  it("answers 502 when Notion cannot be reached", async () => {
    const gone = await startNotionEmulator({ port: 0 });
    await gone.close();
    const response = await serve("9a2b3c4d-0000-4000-8000-00000000000a", null, gone.url);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: string };
    expect(body).toMatchObject({ ok: false, code: "unavailable" });
    expect(body.error).not.toContain(TOKEN);
  });

  it("answers 404 without asking Notion for a file no published page shows", async () => {
    const asked: string[] = [];
    published = (key) => (asked.push(key), Promise.resolve(false));
    const response = await serve(DEMO_IDS.hostedImage.replace(/-/g, "").toUpperCase(), "cover");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, code: "not_published" });
    expect(response.headers.get("cache-control")).toContain("max-age");
    expect(asked).toEqual([`${DEMO_IDS.hostedImage.replace(/-/g, "")}:cover`]);
    expect(notionRequests()).toEqual([]);
  });

  it("makes one Notion lookup for many concurrent requests of one file", async () => {
    // One source shared by every request, as in the app: the lookups go through one client.
    const source = createFileUrlSource(notionConfig(cloud.notion.url), { budgetMs: 2_000 });
    await cloud.store.redis.del(cloud.store.keys.fileUrl(DEMO_IDS.fileBlock, "block"));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => serve(DEMO_IDS.fileBlock, null, cloud.notion.url, source)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(302));
    expect(new Set(answers.map((a) => a.headers.get("location"))).size).toBe(1);
    expect(notionRequests()).toEqual([`GET /v1/blocks/${DEMO_IDS.fileBlock}`]);
  });

  it("answers 503 busy, without a Notion call, once the readers' share of the rate budget is spent", async () => {
    budget.calls = 0;
    // Not cached: answering would need a Notion call.
    await cloud.store.redis.del(cloud.store.keys.fileUrl(DEMO_IDS.about, "cover"));
    const response = await serve(DEMO_IDS.about, "cover");
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: "busy" });
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(notionRequests()).toEqual([]);
  });
});
