import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { bundleAt, pageAt, syncNow } from "../helpers/sync";

/** Issue 14 §3: what a change-only sync reads for renames and unshares, and what it leaves to others. */

const T0 = Date.parse("2026-03-02T10:00:05.000Z");
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let cloud: TestCloud;
beforeEach(async () => {
  cloud = await startTestCloud();
  cloud.notion.clock.set(T0);
  await syncNow(cloud, { mode: "force" });
  cloud.notion.clock.advance(2 * MINUTE);
  cloud.notion.requests.reset();
});
afterEach(() => cloud.close());

const childrenCalls = () =>
  new Set(
    cloud.notion.requests
      .entries()
      .filter((e) => e.route === "GET /v1/blocks/:id/children")
      .map((e) => e.objectId),
  );

describe("a change-only sync", () => {
  it("renames a page's subtree from what is stored, reading only the renamed page", async () => {
    cloud.notion.workspace.setPageTitle(DEMO_IDS.docs, "Handbook");
    const { manifest } = await syncNow(cloud);
    expect(manifest.entries[DEMO_IDS.docs]?.slug).toBe("handbook");
    expect(manifest.entries[DEMO_IDS.guides]?.slug).toBe("handbook/guides");
    expect(manifest.entries[DEMO_IDS.deepDive]?.slug).toBe("handbook/guides/deep-dive");
    expect((await pageAt(cloud, "handbook/guides/deep-dive")).id).toBe(DEMO_IDS.deepDive);
    // The renamed page's blocks were read; its child pages were not: their slugs come from the stored tree.
    expect(childrenCalls()).toContain(DEMO_IDS.docs);
    expect(childrenCalls()).not.toContain(DEMO_IDS.guides);
    expect(childrenCalls()).not.toContain(DEMO_IDS.deepDive);
    expect(cloud.notion.requests.counts().byRoute["GET /v1/pages/:id"]).toBe(1);
  });

  it("leaves an unshared page to the reconciliation, which removes it", async () => {
    const slug = (await syncNow(cloud)).manifest.entries[DEMO_IDS.contact]!.slug;
    cloud.notion.workspace.unsharePage(DEMO_IDS.contact);
    cloud.notion.clock.advance(2 * MINUTE);
    expect((await syncNow(cloud)).manifest.entries[DEMO_IDS.contact]).toBeDefined();
    cloud.notion.clock.advance(DAY);
    const { job, manifest } = await syncNow(cloud);
    expect(job.status).toBe("completed");
    expect(manifest.entries[DEMO_IDS.contact]).toBeUndefined();
    await expect(bundleAt(cloud, slug)).rejects.toThrow(/no bundle/);
  });
});
