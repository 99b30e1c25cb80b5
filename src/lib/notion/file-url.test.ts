import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NotionConfig } from "../config";
import { hostedFile, startNotionFake, type NotionFake } from "../site/testing/notion-fake";
import { createFileUrlSource, isFileUrlError, type FileUrlErrorCode } from "./file-url";

const BLOCK = "1a2b3c4d-0000-4000-8000-00000000000a";
const PAGE = "1a2b3c4d-0000-4000-8000-00000000000b";
const DB = "1a2b3c4d-0000-4000-8000-00000000000c";
const CALLOUT = "1a2b3c4d-0000-4000-8000-00000000000d";
const TOKEN = "ntn_test_token_for_file_urls";

let notion: NotionFake;
const inAnHour = () => new Date(Date.now() + 3_600_000);

function config(apiUrl: string): NotionConfig {
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

async function failure(promise: Promise<unknown>): Promise<FileUrlErrorCode> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isFileUrlError(error)) throw new Error(`expected a FileUrlError, got ${String(error)}`);
  return error.code;
}

beforeAll(async () => {
  notion = await startNotionFake();
});
afterAll(() => notion.close());
afterEach(() => {
  notion.requests.length = 0;
  notion.failWith(null);
});

describe("createFileUrlSource", () => {
  it("reads a file block's URL with one authenticated blocks.retrieve", async () => {
    const expires = inAnHour();
    notion.set("blocks", BLOCK, {
      object: "block",
      id: BLOCK,
      type: "image",
      image: { ...hostedFile("https://files.example/img.png?sig=1", expires), caption: [] },
    });
    const source = createFileUrlSource(config(notion.url));
    await expect(source.fetchFileUrl(BLOCK, "block")).resolves.toEqual({
      url: "https://files.example/img.png?sig=1",
      expiresAt: expires.toISOString(),
    });
    expect(notion.requests).toHaveLength(1);
    expect(notion.requests[0]).toMatchObject({
      method: "GET",
      path: `/v1/blocks/${BLOCK}`,
      authorization: `Bearer ${TOKEN}`,
    });
    expect(notion.requests[0]?.notionVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("reads a page cover with pages.retrieve", async () => {
    notion.set("pages", PAGE, {
      object: "page",
      id: PAGE,
      cover: hostedFile("https://files.example/cover.jpg", inAnHour()),
      icon: null,
    });
    const source = createFileUrlSource(config(notion.url));
    const file = await source.fetchFileUrl(PAGE, "cover");
    expect(file.url).toBe("https://files.example/cover.jpg");
    expect(notion.requests.map((r) => r.path)).toEqual([`/v1/pages/${PAGE}`]);
  });

  it("finds a database icon and a callout icon when the id is not a page", async () => {
    notion.set("databases", DB, {
      object: "database",
      id: DB,
      icon: hostedFile("https://files.example/db.png", inAnHour()),
    });
    notion.set("blocks", CALLOUT, {
      object: "block",
      id: CALLOUT,
      type: "callout",
      callout: { rich_text: [], icon: hostedFile("https://files.example/callout.png", inAnHour()) },
    });
    const source = createFileUrlSource(config(notion.url));
    expect((await source.fetchFileUrl(DB, "icon")).url).toBe("https://files.example/db.png");
    expect(notion.requests.map((r) => r.path)).toEqual([`/v1/pages/${DB}`, `/v1/databases/${DB}`]);
    notion.requests.length = 0;
    expect((await source.fetchFileUrl(CALLOUT, "icon")).url).toBe("https://files.example/callout.png");
    expect(notion.requests.map((r) => r.path)).toEqual([
      `/v1/pages/${CALLOUT}`,
      `/v1/databases/${CALLOUT}`,
      `/v1/blocks/${CALLOUT}`,
    ]);
  });

  it("refuses external files and emoji icons: nothing to refresh", async () => {
    const ext = "2a2b3c4d-0000-4000-8000-00000000000a";
    notion.set("blocks", ext, {
      object: "block",
      id: ext,
      type: "image",
      image: { type: "external", external: { url: "https://x.example/a.png" } },
    });
    notion.set("pages", PAGE, {
      object: "page",
      id: PAGE,
      icon: { type: "emoji", emoji: "🚀" },
      cover: null,
    });
    const source = createFileUrlSource(config(notion.url));
    expect(await failure(source.fetchFileUrl(ext, "block"))).toBe("not_notion_hosted");
    expect(await failure(source.fetchFileUrl(PAGE, "icon"))).toBe("not_notion_hosted");
  });

  it("says when the object has no file there", async () => {
    const para = "3a2b3c4d-0000-4000-8000-00000000000a";
    notion.set("blocks", para, {
      object: "block",
      id: para,
      type: "paragraph",
      paragraph: { rich_text: [] },
    });
    notion.set("pages", PAGE, { object: "page", id: PAGE, icon: null, cover: null });
    const source = createFileUrlSource(config(notion.url));
    expect(await failure(source.fetchFileUrl(para, "block"))).toBe("no_file");
    expect(await failure(source.fetchFileUrl(PAGE, "cover"))).toBe("no_file");
  });

  it("reports unknown and trashed objects as not found", async () => {
    const trashed = "4a2b3c4d-0000-4000-8000-00000000000a";
    notion.set("blocks", trashed, {
      object: "block",
      id: trashed,
      in_trash: true,
      type: "file",
      file: hostedFile("https://files.example/old.pdf", inAnHour()),
    });
    const source = createFileUrlSource(config(notion.url));
    const unknown = "5a2b3c4d-0000-4000-8000-00000000000a";
    expect(await failure(source.fetchFileUrl(unknown, "block"))).toBe("not_found");
    expect(await failure(source.fetchFileUrl(unknown, "cover"))).toBe("not_found");
    expect(await failure(source.fetchFileUrl(trashed, "block"))).toBe("not_found");
  });

  it("reports Notion errors and an unreachable Notion as unavailable", async () => {
    notion.failWith(401, "unauthorized");
    const source = createFileUrlSource(config(notion.url));
    expect(await failure(source.fetchFileUrl(BLOCK, "block"))).toBe("unavailable");

    const closed = await startNotionFake();
    await closed.close();
    const offline = createFileUrlSource(config(closed.url), { budgetMs: 2_000 });
    expect(await failure(offline.fetchFileUrl(BLOCK, "block"))).toBe("unavailable");
  });
});
