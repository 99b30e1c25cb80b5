/**
 * Version switch: the same workspace synced with `NOTION_API_VERSION` 2025-09-03 and 2026-03-11 gives
 * identical bundles, although the wire shapes differ (`archived` gone, `transcription` renamed).
 */
import { afterEach, expect, it } from "vitest";
import { API_VERSIONS, DEMO_IDS, createDemoWorkspace, type ApiVersion } from "../../dev/notion";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { allText, bundleAt, entryByTitle, normalizedSite, syncNow } from "../helpers/sync";

const T0 = Date.parse("2026-03-02T10:00:05.000Z");
const clouds: TestCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => c.close()));
});

/** The demo workspace plus a meeting-notes block (named differently by the two versions), trash included. */
async function syncedSite(notionVersion: ApiVersion) {
  const cloud = await startTestCloud({ workspace: createDemoWorkspace() }, { notionVersion });
  clouds.push(cloud);
  cloud.notion.clock.set(T0);
  cloud.notion.workspace.appendBlocks(DEMO_IDS.about, [
    { type: "transcription", transcription: { title: [{ text: { content: "Weekly sync notes" } }] } },
  ]);
  cloud.notion.workspace.trashPage(DEMO_IDS.contact);
  const { job, manifest } = await syncNow(cloud, { mode: "force" });
  expect(job.status).toBe("completed");
  return { cloud, manifest, site: await normalizedSite(cloud) };
}

it("gives identical bundles under both API versions", async () => {
  const [older, newer] = await Promise.all(API_VERSIONS.map((v) => syncedSite(v)));
  expect(Object.keys(newer!.site).length).toBeGreaterThan(5);
  expect(newer!.site).toEqual(older!.site);
  // Both read the renamed block as the same thing, and both left the trashed page out.
  const about = await bundleAt(newer!.cloud, entryByTitle(newer!.manifest, "About").slug);
  expect(JSON.stringify(about)).toContain('"notionType":"meeting_notes"');
  expect(newer!.manifest.entries[DEMO_IDS.contact]).toBeUndefined();
  expect(allText(newer!.site)).not.toContain("Contact us");
});

it("really sends the configured version: one the server does not serve fails the call", async () => {
  const cloud = await startTestCloud();
  clouds.push(cloud);
  await expect(
    cloud.api({ notionVersion: "2026-03-11" }).retrievePage(cloud.notion.rootPageId),
  ).resolves.toBeTruthy();
  await expect(
    cloud.api({ notionVersion: "2099-01-01" }).retrievePage(cloud.notion.rootPageId),
  ).rejects.toThrow(/2025-09-03/);
});
