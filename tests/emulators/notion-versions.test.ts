import { describe, expect, it } from "vitest";
import { API_VERSIONS, DEMO_IDS, DEMO_ROOT_PAGE_ID, type NotionEmulator } from "../../dev/notion";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { sdkClient } from "../../dev/notion/test-support";
import { emulatorsClosedAfterEach } from "../helpers/notion-emulators";

const { start } = emulatorsClosedAfterEach();

async function get(emulator: NotionEmulator, path: string, version: string) {
  const res = await fetch(`${emulator.url}${path}`, {
    headers: { authorization: `Bearer ${DEV_DEFAULTS.notionToken}`, "notion-version": version },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("API versions by Notion-Version", () => {
  it("serves 2025-09-03 with `archived` beside `in_trash`, and 2026-03-11 with `in_trash` only", async () => {
    const emulator = await start();
    const old = await get(emulator, `/v1/pages/${DEMO_ROOT_PAGE_ID}`, "2025-09-03");
    expect(old.body).toMatchObject({ object: "page", archived: false, in_trash: false });
    const current = await get(emulator, `/v1/pages/${DEMO_ROOT_PAGE_ID}`, "2026-03-11");
    expect(current.body).toMatchObject({ object: "page", in_trash: false });
    expect(current.body).not.toHaveProperty("archived");
    const children = await get(emulator, `/v1/blocks/${DEMO_ROOT_PAGE_ID}/children`, "2026-03-11");
    const results = children.body.results as Array<Record<string, unknown>>;
    expect(results.length).toBeGreaterThan(0);
    for (const block of results) {
      expect(block).toHaveProperty("in_trash", false);
      expect(block).not.toHaveProperty("archived");
    }
    const db = await get(emulator, `/v1/databases/${DEMO_IDS.blogDatabase}`, "2026-03-11");
    expect(db.body).not.toHaveProperty("archived");
  });

  it("names a meeting-notes block `transcription` in 2025-09-03 and `meeting_notes` in 2026-03-11", async () => {
    const emulator = await start();
    const [id] = emulator.workspace.appendBlocks(DEMO_IDS.about, [
      { type: "transcription", transcription: { title: [{ text: { content: "Standup" } }] } },
    ]);
    const old = await get(emulator, `/v1/blocks/${id}`, "2025-09-03");
    expect(old.body).toMatchObject({ type: "transcription", transcription: { title: [{}] } });
    const current = await get(emulator, `/v1/blocks/${id}`, "2026-03-11");
    expect(current.body).toMatchObject({ type: "meeting_notes", meeting_notes: { title: [{}] } });
    expect(current.body).not.toHaveProperty("transcription");
  });

  it("refuses a version it does not serve with a 400 naming the ones it does", async () => {
    const emulator = await start();
    const res = await get(emulator, `/v1/pages/${DEMO_ROOT_PAGE_ID}`, "2099-01-01");
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ object: "error", code: "validation_error" });
    for (const version of API_VERSIONS) expect(String(res.body.message)).toContain(version);
  });

  it("works with the official SDK under either version", async () => {
    const emulator = await start();
    for (const notionVersion of API_VERSIONS) {
      const page = await sdkClient(emulator, { notionVersion }).pages.retrieve({
        page_id: DEMO_ROOT_PAGE_ID,
      });
      expect(page).toMatchObject({ id: DEMO_ROOT_PAGE_ID, in_trash: false });
    }
  });
});

describe("search lag", () => {
  const searchIds = async (emulator: NotionEmulator) => {
    const res = await sdkClient(emulator).search({
      filter: { property: "object", value: "page" },
      sort: { timestamp: "last_edited_time", direction: "descending" },
    });
    return res.results.map((r) => r.id);
  };

  it("keeps a recent change out of search until the lag has passed; GET sees it at once", async () => {
    const emulator = await start({ searchLagMs: 120_000 });
    const before = await searchIds(emulator);
    expect(before).toContain(DEMO_IDS.about);
    const added = emulator.workspace.addPage(DEMO_ROOT_PAGE_ID, { title: "Fresh page" });
    emulator.workspace.trashPage(DEMO_IDS.about);
    emulator.clock.advance(60_000);
    const during = await searchIds(emulator);
    expect(during).not.toContain(added);
    expect(during).toContain(DEMO_IDS.about);
    await expect(sdkClient(emulator).pages.retrieve({ page_id: added })).resolves.toMatchObject({
      id: added,
    });
    emulator.clock.advance(60_000);
    const after = await searchIds(emulator);
    expect(after).toContain(added);
    expect(after).not.toContain(DEMO_IDS.about);
  });

  it("is immediate by default and can be switched on at run time", async () => {
    const emulator = await start();
    const added = emulator.workspace.addPage(DEMO_ROOT_PAGE_ID, { title: "Seen at once" });
    expect(await searchIds(emulator)).toContain(added);
    emulator.setSearchLag(30_000);
    const hidden = emulator.workspace.addPage(DEMO_ROOT_PAGE_ID, { title: "Seen later" });
    expect(await searchIds(emulator)).not.toContain(hidden);
  });
});
