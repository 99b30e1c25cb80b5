import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion";
import { fileKey } from "@/lib/bundle-files";
import { readCurrentGeneration } from "@/lib/store/current-generation";
import { publishedFileSet } from "@/lib/store/file-index";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { syncNow } from "../helpers/sync";

/** Issue 11: /api/files checks ids against the published index held in memory, one read per generation. */

let cloud: TestCloud;
beforeEach(async () => {
  cloud = await startTestCloud();
  await syncNow(cloud, { mode: "force" });
});
afterEach(() => cloud.close());

const aboutCover = fileKey(DEMO_IDS.about.replace(/-/g, ""), "cover");
const generation = async () => (await readCurrentGeneration(cloud.store))!;

describe("the published file index in memory", () => {
  it("holds the generation's files, and answers again without a Redis command", async () => {
    const files = await publishedFileSet(cloud.store, await generation());
    expect(files.has(aboutCover)).toBe(true);
    expect(files.has(fileKey(DEMO_IDS.fileBlock.replace(/-/g, ""), "block"))).toBe(true);
    expect(files.has(fileKey("0".repeat(32), "block"))).toBe(false);

    const gen = await generation();
    const before = cloud.kv.commandCount();
    expect((await publishedFileSet(cloud.store, gen)).has(aboutCover)).toBe(true);
    expect(cloud.kv.commandCount()).toBe(before);
  });

  it("reads the next generation's index after a publish: a trashed page's cover is gone", async () => {
    expect((await publishedFileSet(cloud.store, await generation())).has(aboutCover)).toBe(true);
    cloud.notion.workspace.trashPage(DEMO_IDS.about);
    await syncNow(cloud, { mode: "force" });
    expect((await publishedFileSet(cloud.store, await generation())).has(aboutCover)).toBe(false);
  });

  it("keeps no failed read: the next call reads again", async () => {
    const gen = await generation();
    cloud.kv.setUnavailable("503");
    try {
      await expect(publishedFileSet(cloud.store, gen)).rejects.toThrow();
    } finally {
      cloud.kv.setUnavailable(false);
    }
    // The failed read is not remembered (as empty, say): with the KV back the index is read for real.
    expect((await publishedFileSet(cloud.store, gen)).has(aboutCover)).toBe(true);
  });
});
