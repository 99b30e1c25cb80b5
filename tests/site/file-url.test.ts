import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { blocks, DEMO_IDS, startNotionEmulator, type NotionEmulator } from "../../dev/notion";
import { TEST_EPOCH } from "../../dev/notion/test-support";
import type { NotionConfig } from "@/lib/config";
import { createFileUrlSource, isFileUrlError, type FileUrlErrorCode } from "@/lib/notion/file-url";

const TOKEN = "ntn_test_token_for_file_urls";
const UNKNOWN = "5a2b3c4d-0000-4000-8000-00000000000a";
const HOUR = 3_600_000;

// The Notion API emulator with its demo workspace; its clock is frozen, so file expiry times are exact.
let notion: NotionEmulator;

function config(apiUrl: string): NotionConfig {
  return {
    token: TOKEN,
    apiUrl,
    rootPageId: DEMO_IDS.home,
    ratePerSecond: 100,
    burst: 100,
    concurrency: 4,
    timeoutMs: 5_000,
  };
}

/** The API requests Notion received (file downloads aside), as "METHOD path status". */
function apiRequests(): string[] {
  return notion.requests
    .entries()
    .filter((e) => e.path.startsWith("/v1/"))
    .map((e) => `${e.method} ${e.path} ${e.status}`);
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
  // The emulator accepts only this token: a 200 proves the request carried `Authorization: Bearer TOKEN`.
  notion = await startNotionEmulator({ port: 0, rateLimit: false, token: TOKEN, now: () => TEST_EPOCH });
});
afterAll(() => notion.close());
afterEach(() => {
  notion.reset(); // the demo workspace and token again; clears faults and the request log
});

describe("createFileUrlSource", () => {
  it("reads a file block's URL with one authenticated blocks.retrieve", async () => {
    const versions: (string | null)[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      versions.push(new Headers(init?.headers).get("notion-version"));
      return fetch(input, init);
    };
    const source = createFileUrlSource(config(notion.url), { fetch: recordingFetch });
    const file = await source.fetchFileUrl(DEMO_IDS.hostedImage, "block");
    expect(file.url.startsWith(`${notion.url}/__files/${DEMO_IDS.heroImageFile}/hero.png?`)).toBe(true);
    expect(file.expiresAt).toBe(new Date(TEST_EPOCH + HOUR).toISOString());
    expect(apiRequests()).toEqual([`GET /v1/blocks/${DEMO_IDS.hostedImage} 200`]);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The URL handed out is the file itself, live until its expiry.
    const download = await fetch(file.url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
  });

  it("reads a page cover with pages.retrieve", async () => {
    const source = createFileUrlSource(config(notion.url));
    const file = await source.fetchFileUrl(DEMO_IDS.about, "cover");
    expect(file.url.startsWith(`${notion.url}/__files/${DEMO_IDS.aboutCoverFile}/`)).toBe(true);
    expect(apiRequests()).toEqual([`GET /v1/pages/${DEMO_IDS.about} 200`]);
  });

  it("finds a database icon and a callout icon when the id is not a page", async () => {
    const dbIcon = notion.workspace.addHostedFile({ name: "db-icon.png" });
    const calloutIcon = notion.workspace.addHostedFile({ name: "callout-icon.png" });
    const [db = "", callout = ""] = notion.workspace.appendBlocks(DEMO_IDS.showcase, [
      {
        type: "child_database",
        database: {
          title: "Reading list",
          icon: { file_upload: { id: dbIcon } },
          properties: [{ name: "Name", type: "title" }],
        },
      },
      blocks.callout("A callout with its own uploaded icon.", { file_upload: { id: calloutIcon } }),
    ]);
    const source = createFileUrlSource(config(notion.url));

    const dbFile = await source.fetchFileUrl(db, "icon");
    expect(dbFile.url.startsWith(`${notion.url}/__files/${dbIcon}/db-icon.png?`)).toBe(true);
    expect(apiRequests()).toEqual([`GET /v1/pages/${db} 404`, `GET /v1/databases/${db} 200`]);

    notion.requests.reset();
    const calloutFile = await source.fetchFileUrl(callout, "icon");
    expect(calloutFile.url.startsWith(`${notion.url}/__files/${calloutIcon}/callout-icon.png?`)).toBe(true);
    expect(apiRequests()).toEqual([
      `GET /v1/pages/${callout} 404`,
      `GET /v1/databases/${callout} 404`,
      `GET /v1/blocks/${callout} 200`,
    ]);
  });

  it("refuses external files and emoji icons: nothing to refresh", async () => {
    const source = createFileUrlSource(config(notion.url));
    expect(await failure(source.fetchFileUrl(DEMO_IDS.externalImage, "block"))).toBe("not_notion_hosted");
    // Home has an emoji icon (and an external cover).
    expect(await failure(source.fetchFileUrl(DEMO_IDS.home, "icon"))).toBe("not_notion_hosted");
    expect(await failure(source.fetchFileUrl(DEMO_IDS.home, "cover"))).toBe("not_notion_hosted");
  });

  it("says when the object has no file there", async () => {
    const source = createFileUrlSource(config(notion.url));
    expect(await failure(source.fetchFileUrl(DEMO_IDS.introParagraph, "block"))).toBe("no_file");
    // The Block showcase page has no cover.
    expect(await failure(source.fetchFileUrl(DEMO_IDS.showcase, "cover"))).toBe("no_file");
  });

  it("reports unknown and trashed objects as not found", async () => {
    notion.workspace.trashBlock(DEMO_IDS.fileBlock);
    const source = createFileUrlSource(config(notion.url));
    expect(await failure(source.fetchFileUrl(UNKNOWN, "block"))).toBe("not_found");
    expect(await failure(source.fetchFileUrl(UNKNOWN, "cover"))).toBe("not_found");
    notion.requests.reset();
    expect(await failure(source.fetchFileUrl(DEMO_IDS.fileBlock, "block"))).toBe("not_found");
    // Notion still answers a trashed block (with `in_trash: true`); its file is not handed out.
    expect(apiRequests()).toEqual([`GET /v1/blocks/${DEMO_IDS.fileBlock} 200`]);
  });

  it("reports Notion errors and an unreachable Notion as unavailable", async () => {
    notion.workspace.revokeToken(); // every request now answers 401 unauthorized
    const source = createFileUrlSource(config(notion.url));
    expect(await failure(source.fetchFileUrl(DEMO_IDS.hostedImage, "block"))).toBe("unavailable");
    expect(apiRequests()).toEqual([`GET /v1/blocks/${DEMO_IDS.hostedImage} 401`]);

    const closed = await startNotionEmulator({ port: 0 });
    await closed.close();
    const offline = createFileUrlSource(config(closed.url), { budgetMs: 2_000 });
    expect(await failure(offline.fetchFileUrl(DEMO_IDS.hostedImage, "block"))).toBe("unavailable");
  });
});
