import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion/demo-ids";
import { hgetallRaw } from "@/lib/store/redis";
import { startTestApp, syncThroughApp, type TestApp } from "../helpers/app";
import { AppProbe, itLeaksNoSecrets } from "./app-probe";

/**
 * Issue 11, files: /api/files answers only for files the published site shows (an index written at
 * publish time), one lookup per file at a time, within the readers' share of Notion's rate budget.
 * FILES_NOTION_SHARE=0.0015 of the test app's 200 req/s leaves readers 3 Notion lookups per 10 s.
 */

let app: TestApp;
let probe: AppProbe;
beforeAll(async () => {
  app = await startTestApp({ env: { FILES_NOTION_SHARE: "0.0015" } });
  probe = new AppProbe(app);
  await syncThroughApp(app);
});
afterAll(async () => {
  await app?.close();
});

const notionCalls = () => app.notion.requests.entries().filter((e) => e.path.startsWith("/v1/")).length;
const randomId = () => randomBytes(16).toString("hex");

async function publishedFiles(): Promise<string[]> {
  const generation = await app.store.redis.get<string>(app.store.keys.current);
  return Object.keys(await hgetallRaw(app.store, app.store.keys.files(generation!)));
}

/** `ownerid:field` → the route's path. */
const pathOf = (key: string) => {
  const [owner, field] = key.split(":");
  return `/api/files/${owner}${field === "block" ? "" : `?field=${field}`}`;
};

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

describe("/api/files under attack", () => {
  it("redirects for a file the site shows", async () => {
    const response = await probe.call(`/api/files/${DEMO_IDS.fileBlock}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/__files/");
  });

  it("answers 1,000 requests for random ids and a trashed page's cover with 404 and 0 Notion calls", async () => {
    expect(await publishedFiles()).toContain(`${DEMO_IDS.about.replace(/-/g, "")}:cover`);
    app.notion.workspace.trashPage(DEMO_IDS.about);
    await syncThroughApp(app);
    expect(await publishedFiles()).not.toContain(`${DEMO_IDS.about.replace(/-/g, "")}:cover`);
    const before = notionCalls();
    const fields = ["", "?field=cover", "?field=icon"];
    const paths = [
      ...Array.from({ length: 900 }, (_, i) => `/api/files/${randomId()}${fields[i % 3]}`),
      ...Array.from({ length: 100 }, () => `/api/files/${DEMO_IDS.about}?field=cover`),
    ];
    const statuses = new Map<number, number>();
    await inBatches(paths, 50, async (path) => {
      const response = await fetch(`${app.url}${path}`);
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    });
    expect(Object.fromEntries(statuses)).toEqual({ 404: 1000 });
    expect(notionCalls() - before).toBe(0);
    console.info(`[e2e files] 1,000 random and trashed ids → ${notionCalls() - before} Notion calls`);

    // The published index is in memory now: the same random id again, and 100 new ones, reach
    // neither Notion nor Redis.
    const kvBefore = app.kv.commandCount();
    expect((await probe.call(paths[0]!)).status).toBe(404);
    await inBatches(
      Array.from({ length: 100 }, () => `/api/files/${randomId()}`),
      20,
      async (path) => void expect((await probe.call(path)).status).toBe(404),
    );
    expect(app.kv.commandCount()).toBe(kvBefore);
    expect(notionCalls() - before).toBe(0);
  });

  it("bounds the Notion lookups of files whose URLs expired by the readers' share", async () => {
    const files = await publishedFiles();
    // Every cached URL is gone (expired): each file would need a lookup.
    for (const key of files) {
      const [owner, field] = key.split(":");
      const dashed = owner!.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
      await app.store.redis.del(app.store.keys.fileUrl(dashed, field!));
    }
    const start = Date.now();
    const answers = await Promise.all(files.map((key) => probe.call(pathOf(key))));
    const windows = Math.floor(Date.now() / 10_000) - Math.floor(start / 10_000) + 1;
    const served = answers.filter((a) => a.status === 302).length;
    const busy = answers.filter((a) => a.status === 503 && a.body.code === "busy").length;
    console.info(`[e2e files] ${files.length} expired files at once → ${served} looked up, ${busy} busy`);
    expect(files.length).toBeGreaterThan(3);
    expect(served).toBeLessThanOrEqual(3 * windows);
    expect(served + busy).toBe(files.length);
  });

  itLeaksNoSecrets(() => probe);
});
