import { APIErrorCode } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { DEMO_IDS, DEMO_ROOT_PAGE_ID } from "../../dev/notion";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { sdkClient } from "../../dev/notion/test-support";
import { emulatorsClosedAfterEach, refusalOf } from "../helpers/notion-emulators";

const emulators = emulatorsClosedAfterEach();

async function start(options: Parameters<typeof emulators.start>[0] = {}) {
  const emulator = await emulators.start(options);
  return { emulator, notion: sdkClient(emulator) };
}

const apiError = refusalOf;

const HEADERS = { authorization: `Bearer ${DEV_DEFAULTS.notionToken}`, "notion-version": "2025-09-03" };

describe("error answers", () => {
  it("rejects a wrong token with 401 unauthorized in Notion's error shape", async () => {
    const { emulator } = await start();
    const notion = sdkClient(emulator, { auth: "ntn_wrong" });
    const error = await apiError(notion.pages.retrieve({ page_id: DEMO_ROOT_PAGE_ID }));
    expect(error.status).toBe(401);
    expect(error.code).toBe(APIErrorCode.Unauthorized);
    const res = await fetch(`${emulator.url}/v1/pages/${DEMO_ROOT_PAGE_ID}`, {
      headers: { "notion-version": "2025-09-03" },
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      object: "error",
      status: 401,
      code: "unauthorized",
      message: "API token is invalid.",
      request_id: expect.any(String) as string,
    });
  });

  it("answers 404 object_not_found for unknown ids, naming the id", async () => {
    const { notion } = await start();
    const missing = "0b1e7c2a-3c5d-4e6f-8a9b-0c1d2e3f4a5b";
    const error = await apiError(notion.pages.retrieve({ page_id: missing }));
    expect(error.status).toBe(404);
    expect(error.code).toBe(APIErrorCode.ObjectNotFound);
    expect(error.message).toBe(
      `Could not find page with ID: ${missing}. Make sure the relevant pages and databases are shared with your integration.`,
    );
    const block = await apiError(notion.blocks.children.list({ block_id: missing }));
    expect(block.message).toMatch(/^Could not find block with ID/);
    const database = await apiError(notion.databases.retrieve({ database_id: DEMO_IDS.blogDataSource }));
    expect(database.code).toBe(APIErrorCode.ObjectNotFound);
  });

  it("rejects a malformed id, a too-large page_size and a bad cursor with validation_error", async () => {
    const { notion } = await start();
    const badId = await apiError(notion.pages.retrieve({ page_id: "not-a-uuid" }));
    expect(badId.status).toBe(400);
    expect(badId.code).toBe(APIErrorCode.ValidationError);
    const tooBig = await apiError(
      notion.blocks.children.list({ block_id: DEMO_ROOT_PAGE_ID, page_size: 101 }),
    );
    expect(tooBig.code).toBe(APIErrorCode.ValidationError);
    expect(tooBig.message).toContain("page_size");
    const queryTooBig = await apiError(
      notion.dataSources.query({ data_source_id: DEMO_IDS.blogDataSource, page_size: 500 }),
    );
    expect(queryTooBig.code).toBe(APIErrorCode.ValidationError);
    const cursor = await apiError(notion.search({ start_cursor: "%%%" }));
    expect(cursor.code).toBe(APIErrorCode.ValidationError);
    const property = await apiError(
      notion.dataSources.query({
        data_source_id: DEMO_IDS.blogDataSource,
        filter: { property: "Nope", checkbox: { equals: true } },
      }),
    );
    expect(property.message).toBe("Could not find property with name or id: Nope");
    const searchType = await apiError(
      notion.search({ filter: { property: "object", value: "database" as "page" } }),
    );
    expect(searchType.code).toBe(APIErrorCode.ValidationError);
  });

  it("answers 400 missing_version, invalid_request_url and invalid_json", async () => {
    const { emulator } = await start();
    const noVersion = await fetch(`${emulator.url}/v1/pages/${DEMO_ROOT_PAGE_ID}`, {
      headers: { authorization: HEADERS.authorization },
    });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ object: "error", code: "missing_version" });
    const unknown = await fetch(`${emulator.url}/v1/nothing-here`, { headers: HEADERS });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      code: "invalid_request_url",
      message: "Invalid request URL.",
    });
    const badJson = await fetch(`${emulator.url}/v1/search`, {
      method: "POST",
      headers: { ...HEADERS, "content-type": "application/json" },
      body: "{nope",
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ code: "invalid_json" });
  });

  it("follows setToken and revokeToken", async () => {
    const { emulator, notion } = await start();
    emulator.workspace.revokeToken();
    expect((await apiError(notion.users.me({}))).status).toBe(401);
    emulator.workspace.setToken("ntn_rotated");
    expect((await apiError(notion.users.me({}))).status).toBe(401);
    await expect(sdkClient(emulator, { auth: "ntn_rotated" }).users.me({})).resolves.toMatchObject({
      type: "bot",
    });
  });
});

describe("rate limit", () => {
  it("answers 429 rate_limited with Retry-After once the bucket is empty, and recovers", async () => {
    const { emulator, notion } = await start({ rateLimit: true, rate: 3, burst: 4 });
    for (let i = 0; i < 4; i++) await notion.users.me({});
    const error = await apiError(notion.users.me({}));
    expect(error.status).toBe(429);
    expect(error.code).toBe(APIErrorCode.RateLimited);
    const headers = error.headers as Headers;
    expect(headers.get("retry-after")).toBe("1");
    // The frozen clock refills nothing until it moves: one token needs a third of a second.
    emulator.clock.advance(334);
    await expect(notion.users.me({})).resolves.toMatchObject({ object: "user" });
    await apiError(notion.users.me({}));
    expect(emulator.requests.counts()).toMatchObject({ total: 7, ok: 5, rateLimited: 2 });
  });

  it("gives fractional Retry-After with retryAfterPrecision and can be reconfigured or turned off", async () => {
    const { emulator, notion } = await start({ rateLimit: true, rate: 4, burst: 1, retryAfterPrecision: 3 });
    await notion.users.me({});
    const error = await apiError(notion.users.me({}));
    expect((error.headers as Headers).get("retry-after")).toBe("0.250");
    emulator.setRate({ enabled: false });
    for (let i = 0; i < 20; i++) await notion.users.me({});
    emulator.setRate({ enabled: true, rate: 1, burst: 1 });
    emulator.clock.advance(1000);
    await notion.users.me({});
    expect((await apiError(notion.users.me({}))).status).toBe(429);
  });
});
