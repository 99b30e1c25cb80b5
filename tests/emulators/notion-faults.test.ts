import {
  APIErrorCode,
  APIResponseError,
  type Client,
  RequestTimeoutError,
  isHTTPResponseError,
  isNotionClientError,
} from "@notionhq/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_IDS, DEMO_ROOT_PAGE_ID, type NotionEmulator } from "../../dev/notion";
import { sdkClient, startTestEmulator } from "../../dev/notion/test-support";

let emulator: NotionEmulator;
let notion: Client;

beforeEach(async () => {
  emulator = await startTestEmulator({ seed: 42 });
  notion = sdkClient(emulator);
});
afterEach(() => emulator.close());

/** The HTTP status a call ends with (0 for a transport failure). */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    if (isHTTPResponseError(error)) return error.status;
    return 0;
  }
}

describe("scripted faults", () => {
  it("fails the next n requests with a status, then recovers", async () => {
    emulator.faults.failNext(2, 503);
    const first = await notion.users.me({}).catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(first) && first.code).toBe(APIErrorCode.ServiceUnavailable);
    expect(await statusOf(notion.users.me({}))).toBe(503);
    expect(await statusOf(notion.users.me({}))).toBe(200);
  });

  it("fails every request touching one object, and only those", async () => {
    emulator.faults.failFor(DEMO_IDS.about, 500);
    expect(await statusOf(notion.pages.retrieve({ page_id: DEMO_IDS.about }))).toBe(500);
    expect(await statusOf(notion.blocks.children.list({ block_id: DEMO_IDS.about.replace(/-/g, "") }))).toBe(
      500,
    );
    expect(await statusOf(notion.pages.retrieve({ page_id: DEMO_IDS.docs }))).toBe(200);
    const ruleId = emulator.faults.failFor(/^\/v1\/search/, 529, { times: 1 });
    expect(await statusOf(notion.search({}))).toBe(529);
    expect(await statusOf(notion.search({}))).toBe(200);
    emulator.faults.removeRule(ruleId);
    emulator.faults.clearFaults();
    expect(await statusOf(notion.pages.retrieve({ page_id: DEMO_IDS.about }))).toBe(200);
  });

  it("answers a 502 like Cloudflare: HTML, not a Notion error", async () => {
    emulator.faults.failNext(1, 502);
    const error = await notion.users.me({}).catch((e: unknown) => e);
    expect(isHTTPResponseError(error) && error.status).toBe(502);
    expect(APIResponseError.isAPIResponseError(error)).toBe(false);
  });

  it("drops the socket", async () => {
    emulator.faults.failNext(1, "drop");
    const error = await notion.users.me({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isNotionClientError(error)).toBe(false);
    expect(emulator.requests.entries().at(-1)).toMatchObject({
      status: 0,
      outcome: "fault",
      fault: "script:drop",
    });
  });

  it("holds a request until the client gives up", async () => {
    emulator.faults.setRates({ hangMs: 300 });
    emulator.faults.failNext(1, "timeout");
    const impatient = sdkClient(emulator, { timeoutMs: 50 });
    const error = await impatient.users.me({}).catch((e: unknown) => e);
    expect(RequestTimeoutError.isRequestTimeoutError(error)).toBe(true);
    // The SDK does not abort its fetch, so the emulator answers 504 once hangMs is over.
    await vi.waitFor(() => expect(emulator.requests.counts().faults).toBe(1), { timeout: 5_000 });
    expect(emulator.requests.entries().at(-1)).toMatchObject({ status: 504, fault: "script:timeout" });
  });

  it("storms: every call answers 429 with Retry-After for a while", async () => {
    emulator.faults.storm({ status: 429, durationMs: 5_000 });
    const error = await notion.pages.retrieve({ page_id: DEMO_ROOT_PAGE_ID }).catch((e: unknown) => e);
    if (!APIResponseError.isAPIResponseError(error)) throw new Error("expected an API error");
    expect(error.code).toBe(APIErrorCode.RateLimited);
    expect((error.headers as Headers).get("retry-after")).toBe("5");
    expect(await statusOf(notion.search({}))).toBe(429);
    emulator.clock.advance(5_000);
    expect(await statusOf(notion.search({}))).toBe(200);
  });

  it("lets the SDK's retry ride over a 529", async () => {
    const retrying = sdkClient(emulator, {
      retry: { maxRetries: 2, initialRetryDelayMs: 5, maxRetryDelayMs: 20 },
    });
    emulator.faults.failNext(1, 529);
    await expect(retrying.users.me({})).resolves.toMatchObject({ object: "user" });
    expect(emulator.requests.counts()).toMatchObject({ total: 2, faults: 1, ok: 1 });
  });
});

describe("random faults", () => {
  async function sequence(seed: number): Promise<number[]> {
    const e = await startTestEmulator({ seed, faults: { rate: 0.3, statuses: [500, 503] } });
    const client = sdkClient(e);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push(await statusOf(client.users.me({})));
    await e.close();
    return statuses;
  }

  it("are deterministic under a seed", async () => {
    const a = await sequence(7);
    const b = await sequence(7);
    const c = await sequence(8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a)).toEqual(new Set([200, 500, 503]));
  });

  it("stop with clearFaults", async () => {
    emulator.faults.setRates({ rate: 1 });
    expect(await statusOf(notion.users.me({}))).not.toBe(200);
    emulator.faults.clearFaults();
    expect(await statusOf(notion.users.me({}))).toBe(200);
  });
});

describe("request log", () => {
  it("counts every request by route template, with exact totals", async () => {
    emulator.setLatency({ min: 1, max: 3 });
    await notion.pages.retrieve({ page_id: DEMO_ROOT_PAGE_ID });
    await notion.pages.retrieve({ page_id: DEMO_IDS.about });
    await notion.blocks.children.list({ block_id: DEMO_ROOT_PAGE_ID });
    await notion.blocks.retrieve({ block_id: DEMO_IDS.table });
    await notion.databases.retrieve({ database_id: DEMO_IDS.blogDatabase });
    await notion.dataSources.retrieve({ data_source_id: DEMO_IDS.blogDataSource });
    await notion.dataSources.query({ data_source_id: DEMO_IDS.blogDataSource });
    await notion.search({});
    emulator.faults.failNext(1, 500);
    await statusOf(notion.blocks.children.list({ block_id: DEMO_IDS.about }));
    await statusOf(notion.pages.retrieve({ page_id: "00000000-0000-4000-8000-000000000000" }));
    expect(emulator.requests.counts()).toEqual({
      total: 10,
      ok: 8,
      errors: 1,
      rateLimited: 0,
      faults: 1,
      files: 0,
      byRoute: {
        "GET /v1/pages/:id": 3,
        "GET /v1/blocks/:id/children": 2,
        "GET /v1/blocks/:id": 1,
        "GET /v1/databases/:id": 1,
        "GET /v1/data_sources/:id": 1,
        "POST /v1/data_sources/:id/query": 1,
        "POST /v1/search": 1,
      },
    });
    const failed = emulator.requests.entries()[8];
    expect(failed).toMatchObject({
      method: "GET",
      route: "GET /v1/blocks/:id/children",
      objectId: DEMO_IDS.about,
      status: 500,
      outcome: "fault",
    });
    emulator.requests.reset();
    expect(emulator.requests.counts().total).toBe(0);
    expect(emulator.requests.entries()).toEqual([]);
  });
});
