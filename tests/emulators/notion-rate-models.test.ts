import { APIErrorCode, type APIResponseError } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { RATE_LIMIT_REASONS } from "../../dev/notion";
import { sdkClient } from "../../dev/notion/test-support";
import { emulatorsClosedAfterEach, refusalOf } from "../helpers/notion-emulators";

const emulators = emulatorsClosedAfterEach();

async function start(options: Parameters<typeof emulators.start>[0] = {}) {
  const emulator = await emulators.start(options);
  return { emulator, notion: sdkClient(emulator) };
}

const refusal = refusalOf;

const retryAfter = (error: APIResponseError) => (error.headers as Headers).get("retry-after");

describe("connection limit: 60-s window budget", () => {
  it("accepts the window's budget at any pace, refuses until the window ends, then grants it all again", async () => {
    const { emulator, notion } = await start({ rateLimit: true, rateModel: "window", windowBudget: 5 });
    for (let i = 0; i < 5; i++) await notion.users.me({});
    emulator.clock.advance(20_000);
    const error = await refusal(notion.users.me({}));
    expect(error.status).toBe(429);
    expect(error.code).toBe(APIErrorCode.RateLimited);
    expect(error.additional_data).toEqual({ rate_limit_reason: RATE_LIMIT_REASONS.connection });
    expect(retryAfter(error)).toBe("40");
    emulator.clock.advance(40_000);
    for (let i = 0; i < 5; i++) await notion.users.me({});
    expect((await refusal(notion.users.me({}))).status).toBe(429);
    expect(emulator.requests.counts()).toMatchObject({ ok: 10, rateLimited: 2 });
  });

  it("is configurable: a shorter window with ms-precise Retry-After, and the default 180 per 60 s", async () => {
    const { emulator, notion } = await start({
      rateLimit: true,
      rateModel: "window",
      windowBudget: 2,
      windowMs: 500,
      retryAfterPrecision: 3,
    });
    await notion.users.me({});
    await notion.users.me({});
    emulator.clock.advance(100);
    expect(retryAfter(await refusal(notion.users.me({})))).toBe("0.400");
    emulator.setRate({ windowBudget: 180, windowMs: 60_000, retryAfterPrecision: 0 });
    emulator.clock.advance(60_000);
    for (let i = 0; i < 180; i++) await notion.users.me({});
    expect(retryAfter(await refusal(notion.users.me({})))).toBe("60");
  });
});

describe("workspace limit", () => {
  it("refuses with rate_limit_reason workspace and a Retry-After longer than a minute", async () => {
    const { emulator, notion } = await start({ rateLimit: true });
    emulator.limitWorkspace(90_000);
    const error = await refusal(notion.users.me({}));
    expect(error.status).toBe(429);
    expect(error.additional_data).toEqual({ rate_limit_reason: RATE_LIMIT_REASONS.workspace });
    expect(retryAfter(error)).toBe("90");
    emulator.clock.advance(89_000);
    expect(retryAfter(await refusal(notion.users.me({})))).toBe("1");
    emulator.clock.advance(1_000);
    await expect(notion.users.me({})).resolves.toMatchObject({ object: "user" });
  });

  it("has its own budget across windows, on top of the connection's", async () => {
    const { emulator, notion } = await start({
      rateLimit: true,
      rate: 1000,
      burst: 1000,
      workspaceLimit: { budget: 3, windowMs: 120_000 },
    });
    for (let i = 0; i < 3; i++) await notion.users.me({});
    const error = await refusal(notion.users.me({}));
    expect(error.additional_data).toEqual({ rate_limit_reason: RATE_LIMIT_REASONS.workspace });
    expect(retryAfter(error)).toBe("120");
    emulator.clock.advance(120_000);
    await expect(notion.users.me({})).resolves.toMatchObject({ object: "user" });
  });
});

describe("token bucket (Notion's older limit, the default)", () => {
  it("names the connection limit as the reason", async () => {
    const { notion } = await start({ rateLimit: true, rate: 3, burst: 1 });
    await notion.users.me({});
    const error = await refusal(notion.users.me({}));
    expect(error.additional_data).toEqual({ rate_limit_reason: RATE_LIMIT_REASONS.connection });
  });
});

describe("overload", () => {
  it("answers 529 service_overload during a storm, then recovers", async () => {
    const { emulator, notion } = await start();
    emulator.faults.storm({ status: 529, durationMs: 5_000 });
    const error = await refusal(notion.users.me({}));
    expect(error.status).toBe(529);
    expect(error.code).toBe("service_overload");
    emulator.clock.advance(5_000);
    await expect(notion.users.me({})).resolves.toMatchObject({ object: "user" });
  });
});
