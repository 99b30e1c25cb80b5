import { afterEach, describe, expect, it } from "vitest";
import { DEMO_IDS, DEMO_UNICODE_TITLE } from "../../dev/notion";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { startJob } from "@/lib/jobs/start";
import { runInline } from "@/lib/jobs/step-runner";
import { getJob, listJobs } from "@/lib/store/jobs";
import { SEARCH_INDEX_JOB } from "@/lib/search/index-job";
import { createSearchIndexJobType, startSearchIndexing } from "@/lib/search/index-job-type";
import { searchSite } from "@/lib/search/query";
import { readSearchMeta } from "@/lib/store/search-index";
import { readRoute } from "@/lib/store/site-reader";
import { createSyncJobType, SYNC_JOB } from "@/lib/sync/job";
import { startTestCloud, type TestCloud } from "../helpers/cloud";

let cloud: TestCloud;
afterEach(() => cloud.close());

/**
 * The app's wiring, in-process: the sync's publish hook starts the index job (no queue here, so it
 * runs to the end inside the hook, through the job layer, as `npm run sync -- --local` does).
 */
function runtime(rootPageId?: string): JobRuntime {
  const rt: JobRuntime = { ...cloud.runtime(), types: {} };
  const deps = {
    ...cloud.deps(),
    ...(rootPageId ? { rootPageId } : {}),
    onPublished: () => startSearchIndexing(rt, "publish"),
  };
  rt.types = {
    [SYNC_JOB]: createSyncJobType(deps),
    [SEARCH_INDEX_JOB]: createSearchIndexJobType({ store: cloud.store }),
  };
  return rt;
}

async function sync(rt: JobRuntime, mode: "incremental" | "force" = "incremental") {
  const { job } = await startJob(rt, SYNC_JOB, { mode }, "cli", { inline: true });
  const done = await runInline(rt, job.id, { maxMs: 120_000 });
  expect(done.job.status).toBe("completed");
  cloud.notion.clock.advance(2 * 60_000);
}

async function find(q: string) {
  return searchSite(cloud.store, await readSearchMeta(cloud.store), q, 20);
}

describe("search over synced content (Notion emulator)", () => {
  it("finds a unique marker at a URL that serves its page; after an edit, only the new text", async () => {
    cloud = await startTestCloud();
    const rt = runtime();
    const [markerBlock] = cloud.notion.workspace.appendBlocks(DEMO_IDS.about, [
      {
        type: "paragraph",
        paragraph: { rich_text: [{ type: "text", text: { content: "Secret word quetzalcoatl-42 here." } }] },
      },
    ]);
    await sync(rt, "force");
    // Home's intro, before it is edited below.
    expect((await find("strikethrough")).map((r) => r.url)).toContain("/");
    // Accents fold both ways: the demo's "Café ☕ — Ünïcödé" by plain letters, and plain text by accents.
    expect((await find("cafe unicode")).map((r) => r.title)).toContain(DEMO_UNICODE_TITLE);
    expect((await find("Strikéthrough")).map((r) => r.url)).toContain("/");

    const [hit, ...rest] = await find("quetzalcoatl");
    expect(rest).toEqual([]);
    expect(hit?.snippet).toContain("<mark>quetzalcoatl</mark>");
    const served = await readRoute(cloud.store, hit!.url.slice(1));
    expect(served.state === "found" && served.bundle.id).toBe(DEMO_IDS.about);

    // The index run is a job like any other: recorded, completed, with its counters.
    const { jobs } = await listJobs(cloud.store, { limit: 10, offset: 0 });
    const indexJob = jobs.find((j) => j.type === SEARCH_INDEX_JOB);
    expect(indexJob).toMatchObject({ status: "completed", source: "publish" });
    expect((await getJob(cloud.store, indexJob!.id))?.progress.counters.documentsAdded).toBeGreaterThan(10);

    const blocks = cloud.notion.workspace.appendBlocks(DEMO_IDS.about, [
      {
        type: "paragraph",
        paragraph: { rich_text: [{ type: "text", text: { content: "Newer word axolotl-77." } }] },
      },
    ]);
    expect(blocks).toHaveLength(1);
    cloud.notion.workspace.editBlockText(DEMO_IDS.introParagraph, "Home says hello to the ocelot.");
    cloud.notion.workspace.editBlockText(markerBlock!, "Secret word capybara-43 here.");
    await sync(rt);
    expect((await find("axolotl")).map((r) => r.url)).toEqual([hit!.url]);
    expect((await find("capybara")).map((r) => r.url)).toEqual([hit!.url]);
    expect((await find("ocelot")).map((r) => r.url)).toEqual(["/"]);
    // The old texts are gone from the index, not only outranked.
    expect(await find("quetzalcoatl")).toEqual([]);
    expect((await find("strikethrough")).map((r) => r.url)).not.toContain("/");
    const latest = (await listJobs(cloud.store, { limit: 10, offset: 0 })).jobs.find(
      (j) => j.type === SEARCH_INDEX_JOB,
    );
    // Two pages changed (About, Home): two documents touched, whatever the site's size.
    expect(latest?.progress.counters.documentsTouched).toBe(2);
  });

  it("never finds drafts, trashed pages or pages outside the site's root", async () => {
    cloud = await startTestCloud();
    const rt = runtime();
    await sync(rt, "force");
    // Demo drafts: an unchecked Published box, a non-published status, a future date.
    for (const q of ["Draft", "writing every day", "reading list", "migrating from Vercel KV"]) {
      expect((await find(q)).map((r) => r.title)).not.toContainEqual(expect.stringMatching(/^Draft/));
    }
    expect((await find("Contact")).map((r) => r.title)).toContain("Contact");

    cloud.notion.workspace.trashPage(DEMO_IDS.contact);
    await sync(rt);
    expect((await find("Contact")).map((r) => r.title)).not.toContain("Contact");

    // A site rooted at Docs: pages of the workspace above or beside it are outside the site.
    await cloud.close();
    cloud = await startTestCloud();
    await sync(runtime(DEMO_IDS.docs), "force");
    expect((await find("guides")).map((r) => r.title).length).toBeGreaterThan(0);
    expect(await find("About")).toEqual([]);
    expect(await find("Changelog")).toEqual([]);
  });
});
