import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NotionConfig } from "../config";
import { createFileUrlSource } from "../notion/file-url";
import { createStore, type Store } from "../store/redis";
import { serveFileRedirect } from "./file-redirect";
import { hostedFile, startNotionFake, type NotionFake } from "./testing/notion-fake";
import { startUpstashRestFake, type UpstashRestFake } from "./testing/upstash-rest-fake";

const TOKEN = "ntn_secret_token_must_not_leak";
const IMAGE = "6a2b3c4d-0000-4000-8000-00000000000a";
const PAGE = "6a2b3c4d-0000-4000-8000-00000000000b";

let notion: NotionFake;
let kv: UpstashRestFake;
let store: Store;
const prefix = `test-files-${randomUUID().slice(0, 8)}`;
const silent = { warn: () => undefined };

function notionConfig(apiUrl: string): NotionConfig {
  return {
    token: TOKEN,
    apiUrl,
    rootPageId: PAGE,
    ratePerSecond: 100,
    burst: 100,
    concurrency: 4,
    timeoutMs: 5_000,
  };
}

function serve(ownerId: string, field: string | null = null, apiUrl = notion.url) {
  const source = createFileUrlSource(notionConfig(apiUrl), { budgetMs: 2_000 });
  return serveFileRedirect({ ownerId, field }, { store, source, logger: silent });
}

function imageBlock(id: string, url: string, expiresAt: Date) {
  return { object: "block", id, type: "image", image: { ...hostedFile(url, expiresAt), caption: [] } };
}

beforeAll(async () => {
  [notion, kv] = await Promise.all([startNotionFake(), startUpstashRestFake()]);
  store = createStore({ url: kv.url, token: kv.token, prefix, retries: 0 });
});
afterAll(async () => {
  await kv.dropPrefix(prefix);
  await Promise.all([notion.close(), kv.close()]);
});
afterEach(() => {
  notion.requests.length = 0;
});

describe("serveFileRedirect", () => {
  it("redirects to a fresh Notion URL, then serves it from the cache until 5 minutes before expiry", async () => {
    const expires = new Date(Date.now() + 3_600_000);
    notion.set(
      "blocks",
      IMAGE,
      imageBlock(IMAGE, "https://files.example/a.png?X-Amz-Signature=abc", expires),
    );

    const first = await serve(IMAGE);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("https://files.example/a.png?X-Amz-Signature=abc");
    expect(first.headers.get("location")).not.toContain(TOKEN);
    const maxAge = Number(/max-age=(\d+)/.exec(first.headers.get("cache-control") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(1800);

    // Same file, dashless id: one cache entry, no second Notion call.
    const second = await serve(IMAGE.replace(/-/g, ""));
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(notion.requests).toHaveLength(1);

    const ttl = await store.redis.ttl(store.keys.fileUrl(IMAGE, "block"));
    const expected = (expires.getTime() - Date.now() - 5 * 60_000) / 1000;
    expect(ttl).toBeGreaterThan(expected - 30);
    expect(ttl).toBeLessThanOrEqual(Math.ceil(expected));
  });

  it("does not cache a URL that expires within 5 minutes", async () => {
    const id = "7a2b3c4d-0000-4000-8000-00000000000a";
    notion.set(
      "blocks",
      id,
      imageBlock(id, "https://files.example/soon.png", new Date(Date.now() + 120_000)),
    );
    const response = await serve(id);
    expect(response.status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await store.redis.exists(store.keys.fileUrl(id, "block"))).toBe(0);
    await serve(id);
    expect(notion.requests).toHaveLength(2);
  });

  it("asks for the page when the field is cover or icon", async () => {
    notion.set("pages", PAGE, {
      object: "page",
      id: PAGE,
      cover: hostedFile("https://files.example/cover.jpg", new Date(Date.now() + 3_600_000)),
      icon: { type: "emoji", emoji: "📘" },
    });
    const cover = await serve(PAGE, "cover");
    expect(cover.headers.get("location")).toBe("https://files.example/cover.jpg");
    expect(notion.requests.map((r) => r.path)).toEqual([`/v1/pages/${PAGE}`]);
    expect(await store.redis.exists(store.keys.fileUrl(PAGE, "cover"))).toBe(1);

    const icon = await serve(PAGE, "icon");
    expect(icon.status).toBe(404);
    expect(await icon.json()).toMatchObject({ ok: false, code: "not_notion_hosted" });
  });

  it("rejects malformed ids and fields with 400 before asking anyone", async () => {
    const badId = await serve("not-a-notion-id");
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { error: string }).error).toMatch(/Notion block or page id/);
    const badField = await serve(IMAGE, "thumbnail");
    expect(badField.status).toBe(400);
    expect(((await badField.json()) as { error: string }).error).toMatch(/block, cover, icon/);
    expect(notion.requests).toHaveLength(0);
  });

  it("answers 404 JSON for an unknown block", async () => {
    const response = await serve("8a2b3c4d-0000-4000-8000-00000000000a");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ ok: false, code: "not_found" });
  });

  it("answers 502 when Notion cannot be reached", async () => {
    const gone = await startNotionFake();
    await gone.close();
    const response = await serve("9a2b3c4d-0000-4000-8000-00000000000a", null, gone.url);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: string };
    expect(body).toMatchObject({ ok: false, code: "unavailable" });
    expect(body.error).not.toContain(TOKEN);
  });
});
