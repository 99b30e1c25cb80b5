import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "@/lib/store/site-reader";
import { startTestApp, syncThroughApp, type TestApp } from "../helpers/app";

/** Issue 14 §4: /sitemap.xml through the built app (an index of /sitemaps/{n}.xml past 50,000 URLs). */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  expect((await syncThroughApp(app)).status).toBe("completed");
}, 180_000);
afterAll(() => app?.close());

const get = (path: string) => fetch(`${app.url}${path}`, { redirect: "manual" });
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

describe("the sitemap", () => {
  it("lists every public page in /sitemap.xml and in its one part", async () => {
    const manifest = await readManifest(app.store);
    const root = await get("/sitemap.xml");
    expect(root.status).toBe(200);
    expect(root.headers.get("content-type")).toMatch(/xml/);
    const xml = await root.text();
    expect(xml).toContain("<urlset");
    expect(locs(xml)).toHaveLength(Object.keys(manifest!.entries).length);
    const part = await get("/sitemaps/0.xml");
    expect(part.status).toBe(200);
    expect(locs(await part.text())).toEqual(locs(xml));
  });

  it("answers 404 for parts that do not exist", async () => {
    for (const path of ["/sitemaps/1.xml", "/sitemaps/abc.xml", "/sitemaps/0"]) {
      const reply = await get(path);
      expect(reply.status, path).toBe(404);
    }
  });
});
