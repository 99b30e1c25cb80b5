import { spawn } from "node:child_process";
import { once } from "node:events";
import { type Client, isFullPage } from "@notionhq/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_IDS, DEMO_ROOT_PAGE_ID, type NotionEmulator } from "../../dev/notion";
import { TEST_EPOCH, sdkClient, startTestEmulator } from "../../dev/notion/test-support";

let emulator: NotionEmulator;
let notion: Client;

beforeEach(async () => {
  emulator = await startTestEmulator();
  notion = sdkClient(emulator);
});
afterEach(() => emulator.close());

/** Calls a control route the way a test running the app in another process would. */
async function control(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${emulator.url}/__emulator/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe("HTTP control API", () => {
  it("reports state and moves the clock", async () => {
    expect(await control("state")).toMatchObject({
      ok: true,
      rootPageId: DEMO_ROOT_PAGE_ID,
      now: TEST_EPOCH,
    });
    expect(await control("clock", { advanceMs: 90_000 })).toMatchObject({ now: TEST_EPOCH + 90_000 });
    expect(await control("clock", { set: "2030-01-01T00:00:00.000Z" })).toMatchObject({
      iso: "2030-01-01T00:00:00.000Z",
    });
  });

  it("mutates the workspace", async () => {
    await control("workspace/edit-block-text", { blockId: DEMO_IDS.deepestToggleText, text: "Over HTTP" });
    const { id } = await control("workspace/add-page", { parentId: DEMO_IDS.docs, title: "From HTTP" });
    const { ids } = await control("workspace/append-blocks", {
      parentId: id,
      blocks: [{ type: "paragraph", paragraph: { rich_text: [{ text: { content: "Body" } }] } }],
    });
    expect(ids).toHaveLength(1);
    const page = await notion.pages.retrieve({ page_id: String(id) });
    expect(isFullPage(page) && page.parent).toEqual({ type: "page_id", page_id: DEMO_IDS.docs });
    const { id: rowId } = await control("workspace/add-row", {
      dataSourceId: DEMO_IDS.blogDataSource,
      properties: { Name: "Row over HTTP", Published: true },
    });
    await control("workspace/update-row-properties", { rowId, properties: { Slug: "row-over-http" } });
    await control("workspace/trash-page", { pageId: DEMO_IDS.about });
    await control("workspace/move-page", { pageId: DEMO_IDS.deepDive, newParentId: DEMO_ROOT_PAGE_ID });
    await control("workspace/unshare-page", { id: DEMO_IDS.unicode });
    const children = await notion.blocks.children.list({ block_id: DEMO_ROOT_PAGE_ID });
    const ids2 = children.results.map((b) => b.id);
    expect(ids2).not.toContain(DEMO_IDS.about);
    expect(ids2.at(-1)).toBe(DEMO_IDS.deepDive);
    await expect(notion.pages.retrieve({ page_id: DEMO_IDS.unicode })).rejects.toMatchObject({
      code: "object_not_found",
    });
    await control("workspace/revoke-token", {});
    await expect(notion.users.me({})).rejects.toMatchObject({ status: 401 });
    await control("reset", {});
    await expect(notion.pages.retrieve({ page_id: DEMO_IDS.about })).resolves.toMatchObject({
      in_trash: false,
    });
  });

  it("injects faults, reports and resets the request log", async () => {
    await control("faults/fail-next", { n: 1, status: 500 });
    await expect(notion.users.me({})).rejects.toMatchObject({ status: 500 });
    const { ruleId } = await control("faults/fail-for", { objectId: DEMO_IDS.about, status: 503 });
    expect(ruleId).toEqual(expect.any(String));
    await expect(notion.pages.retrieve({ page_id: DEMO_IDS.about })).rejects.toMatchObject({ status: 503 });
    await control("faults/clear", {});
    await control("faults/storm", { status: 529, durationMs: 1_000 });
    await expect(notion.users.me({})).rejects.toMatchObject({ status: 529 });
    await control("clock", { advanceMs: 1_000 });
    await notion.users.me({});
    const log = await control("requests");
    expect(log.counts).toMatchObject({ total: 4, ok: 1, faults: 3 });
    expect(log.entries).toHaveLength(4);
    await control("requests/reset", {});
    expect((await control("requests?entries=0")).counts).toMatchObject({ total: 0 });
  });

  it("answers 400 with a reason for bad input and 404 for unknown routes", async () => {
    const bad = await fetch(`${emulator.url}/__emulator/workspace/edit-block-text`, {
      method: "POST",
      body: JSON.stringify({ blockId: DEMO_ROOT_PAGE_ID, text: "x" }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      ok: false,
      error: expect.stringContaining("not a text block") as string,
    });
    expect((await fetch(`${emulator.url}/__emulator/nope`)).status).toBe(404);
  });

  it("logs a request as unanswered when the client aborts while it is held", async () => {
    await control("faults/fail-next", { n: 1, status: "timeout" });
    const abort = new AbortController();
    const pending = fetch(`${emulator.url}/v1/users/me`, { signal: abort.signal }).catch((e: unknown) => e);
    // Once the scripted fault is taken, the request is being held.
    await vi.waitFor(() => expect(emulator.faults.scriptedRemaining()).toBe(0));
    abort.abort();
    expect(await pending).toBeInstanceOf(Error);
    await vi.waitFor(() => expect(emulator.requests.counts().total).toBe(1));
    expect(emulator.requests.entries()[0]).toMatchObject({
      status: 0,
      outcome: "fault",
      fault: "script:timeout",
    });
  });
});

describe("CLI", () => {
  it("starts on the requested port and prints the env to use", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "dev/notion/main.ts", "--port", "0", "--quiet"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    try {
      let out = "";
      child.stdout.setEncoding("utf8");
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
        child.stdout.on("data", (chunk: string) => {
          out += chunk;
          const m = /NOTION_API_URL=(\S+)[\s\S]*NOTION_ROOT_PAGE_ID=/.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      expect(out).toContain(`NOTION_ROOT_PAGE_ID=${DEMO_ROOT_PAGE_ID}`);
      const state = (await (await fetch(`${url}/__emulator/state`)).json()) as Record<string, unknown>;
      expect(state.rootPageId).toBe(DEMO_ROOT_PAGE_ID);
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
});
