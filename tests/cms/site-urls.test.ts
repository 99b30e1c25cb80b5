import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS, demoPostId } from "../../dev/notion";
import { createSession } from "@/lib/auth";
import { startTestApp, waitForJob, type TestApp } from "../helpers/app";

/*
 * Stable URLs through the built app, checked with raw HTTP (no redirect following), on the first
 * request for a URL and on a second one served from Next's cache.
 */

let app: TestApp;

async function sync(force = false): Promise<void> {
  app.notion.clock.advance(2 * 60_000);
  const response = await fetch(`${app.url}/api/sync/trigger${force ? "?force=1" : ""}`, {
    method: "POST",
    headers: { authorization: `Bearer ${app.secret}` },
  });
  expect(response.status).toBe(202);
  const { jobId } = (await response.json()) as { jobId: string };
  expect((await waitForJob(app, jobId)).status).toBe("completed");
}

const get = (path: string) => fetch(`${app.url}${path}`, { redirect: "manual" });

/** Status and Location header(s) of one raw HTTP GET (no redirect following, no header merging). */
function raw(path: string): Promise<[number, string | null]> {
  return new Promise((resolve, reject) => {
    request(`${app.url}${path}`, (res) => {
      res.resume();
      // Next 16.4 sends the Location of a redirect decided while it stores a page twice, with the same
      // value (its prerender-recovery path appends the stored headers again); one distinct value is what
      // a client needs, so that is what is compared.
      const locations = new Set<string>();
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        if (res.rawHeaders[i]!.toLowerCase() === "location") locations.add(res.rawHeaders[i + 1]!);
      }
      resolve([res.statusCode ?? 0, locations.size ? [...locations].join(" | ") : null]);
    })
      .on("error", reject)
      .end();
  });
}

/** The status and Location of a URL, asked twice: the first answer, then the cached one. */
async function twice(path: string): Promise<[number, string | null][]> {
  return [await raw(path), await raw(path)];
}

const redirectsTo = (target: string) => [
  [308, target],
  [308, target],
];

beforeAll(async () => {
  app = await startTestApp();
  await sync();
}, 180_000);
afterAll(() => app?.close());

describe("stable URLs through the app", () => {
  it("old slugs answer 308 after a rename, a move and a Slug change, through more syncs and a force sync", async () => {
    // Cached before the change: the old URLs were pages.
    for (const path of ["/about", "/docs/guides/deep-dive", "/blog/hello-world"]) {
      expect((await get(path)).status, path).toBe(200);
    }
    app.notion.workspace.setPageTitle(DEMO_IDS.about, "About us, edited by newcomer");
    app.notion.workspace.movePage(DEMO_IDS.deepDive, DEMO_IDS.docs);
    app.notion.workspace.updateRowProperties(demoPostId(0), { Slug: "hello-again" });
    await sync();
    for (const [round, force] of [
      ["after the change", false],
      ["one more sync", false],
      ["two more syncs", false],
      ["a force sync", true],
    ] as const) {
      if (round !== "after the change") await sync(force);
      expect(await twice("/about"), round).toEqual(redirectsTo("/about-us-edited-by-newcomer"));
      expect(await twice("/docs/guides/deep-dive"), round).toEqual(redirectsTo("/docs/deep-dive"));
      expect(await twice("/blog/hello-world"), round).toEqual(redirectsTo("/blog/hello-again"));
      expect((await get("/about-us-edited-by-newcomer")).status).toBe(200);
      expect((await get("/docs/deep-dive")).status).toBe(200);
      expect((await get("/blog/hello-again")).status).toBe(200);
    }
  });

  it("the dashboard shows a page's slug history", async () => {
    const cookie = `ns_session=${await createSession({ SYNC_SECRET: app.secret })}`;
    const html = await (await fetch(`${app.url}/admin/content`, { headers: { cookie } })).text();
    const row = new RegExp(`<tr data-history="${DEMO_IDS.about}">(.*?)</tr>`).exec(html)?.[1] ?? "";
    expect(row).toContain("/about-us-edited-by-newcomer");
    expect(row).toMatch(/<td>\/about<\/td>/);
    // Without a session, nothing of it is sent.
    const anonymous = await (await get("/admin/content")).text();
    expect(anonymous).not.toContain("data-history");
    expect(anonymous).not.toContain("about-us-edited-by-newcomer");
  });

  it("a page id, with or without dashes, answers 308 to the page's slug", async () => {
    expect(await twice(`/${DEMO_IDS.showcase}`)).toEqual(redirectsTo("/block-showcase"));
    expect(await twice(`/${DEMO_IDS.showcase.replace(/-/g, "")}`)).toEqual(redirectsTo("/block-showcase"));
    expect(await twice(`/${DEMO_IDS.home.replace(/-/g, "").toUpperCase()}`)).toEqual(redirectsTo("/"));
    expect((await get("/00000000000000000000000000000000")).status).toBe(404);
  });

  it("a new page that takes an old slug gets it", async () => {
    expect((await get("/about")).status).toBe(308);
    const newcomer = app.notion.workspace.addPage(DEMO_IDS.home, { title: "About" });
    await sync();
    for (let i = 0; i < 2; i++) {
      const response = await get("/about");
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("<h1>About</h1>");
    }
    expect(await twice(`/${newcomer}`)).toEqual(redirectsTo("/about"));
    expect(await twice("/about-us-edited-by-newcomer")).toEqual([
      [200, null],
      [200, null],
    ]);
  });

  it("an old slug or an id of a page trashed since answers 404, never a redirect to it", async () => {
    // Cached as redirects first, so the publish must take them back.
    expect(await twice("/docs/guides/deep-dive")).toEqual(redirectsTo("/docs/deep-dive"));
    expect(await twice(`/${DEMO_IDS.deepDive}`)).toEqual(redirectsTo("/docs/deep-dive"));
    app.notion.workspace.trashPage(DEMO_IDS.deepDive);
    await sync(true);
    for (const path of ["/docs/guides/deep-dive", `/${DEMO_IDS.deepDive}`, "/docs/deep-dive"]) {
      expect(
        (await twice(path)).map(([status]) => status),
        path,
      ).toEqual([404, 404]);
    }
  });
});
