import { describe, expect, it } from "vitest";
import { appUrl, ConfigError, kvConfig, notionConfig, qstashConfig, syncSecrets, syncTuning } from "./config";

const full = {
  NOTION_TOKEN: "ntn_x",
  NOTION_ROOT_PAGE_ID: "d3e40000000040008000000000000001",
  QSTASH_TOKEN: "qstash-token",
  QSTASH_CURRENT_SIGNING_KEY: "sig_current",
  QSTASH_NEXT_SIGNING_KEY: "sig_next",
  KV_REST_API_URL: "https://kv.example.com/",
  KV_REST_API_TOKEN: "kv-token",
  SYNC_SECRET: "a-long-enough-sync-secret",
  APP_URL: "https://site.example.com/",
};

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("reads a complete environment", () => {
    expect(notionConfig(full)).toMatchObject({
      token: "ntn_x",
      apiUrl: "https://api.notion.com",
      rootPageId: "d3e40000-0000-4000-8000-000000000001",
      ratePerSecond: 3,
    });
    expect(kvConfig(full)).toEqual({ url: "https://kv.example.com", token: "kv-token", prefix: "ns" });
    expect(qstashConfig(full)).toMatchObject({ url: "https://qstash.upstash.io", retries: 3 });
    expect(syncSecrets(full)).toEqual(["a-long-enough-sync-secret"]);
    expect(appUrl(full)).toBe("https://site.example.com");
    expect(syncTuning(full).stepBudgetMs).toBe(240_000);
  });

  it.each([
    ["NOTION_TOKEN", () => notionConfig({ ...full, NOTION_TOKEN: "" }), /npm run dev/],
    ["NOTION_ROOT_PAGE_ID", () => notionConfig({ ...full, NOTION_ROOT_PAGE_ID: undefined }), /\.env\.local/],
    ["QSTASH_TOKEN", () => qstashConfig({ ...full, QSTASH_TOKEN: undefined }), /local QStash/],
    ["QSTASH_CURRENT_SIGNING_KEY", () => qstashConfig({ ...full, QSTASH_CURRENT_SIGNING_KEY: "" }), /QStash/],
    ["QSTASH_NEXT_SIGNING_KEY", () => qstashConfig({ ...full, QSTASH_NEXT_SIGNING_KEY: " " }), /QStash/],
    ["KV_REST_API_URL", () => kvConfig({ ...full, KV_REST_API_URL: undefined }), /UPSTASH_REDIS_REST_URL/],
    [
      "KV_REST_API_TOKEN",
      () => kvConfig({ ...full, KV_REST_API_TOKEN: undefined }),
      /UPSTASH_REDIS_REST_TOKEN/,
    ],
    ["SYNC_SECRET", () => syncSecrets({ ...full, SYNC_SECRET: undefined }), /CRON_SECRET/],
    ["APP_URL", () => appUrl({ ...full, APP_URL: undefined }), /NEXT_PUBLIC_SITE_URL/],
  ])("names %s when it is missing, and how to fix it", (variable, read, hint) => {
    const error = errorOf(read);
    expect(error.code).toBe("config_missing");
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Missing ${variable}`));
    expect(error.message).toMatch(hint);
  });

  it("names malformed values without printing them", () => {
    const badId = errorOf(() => notionConfig({ ...full, NOTION_ROOT_PAGE_ID: "not-an-id" }));
    expect(badId).toMatchObject({ code: "config_invalid", variable: "NOTION_ROOT_PAGE_ID" });
    const badUrl = errorOf(() => kvConfig({ ...full, KV_REST_API_URL: "redis://secret@host" }));
    expect(badUrl.variable).toBe("KV_REST_API_URL");
    expect(badUrl.message).not.toContain("secret@host");
    const weak = errorOf(() => syncSecrets({ ...full, SYNC_SECRET: "short-secret" }));
    expect(weak).toMatchObject({ code: "config_invalid", variable: "SYNC_SECRET" });
    expect(weak.message).not.toContain("short-secret");
  });

  it("reads NOTION_API_VERSION: 2025-09-03 by default, 2026-03-11 on request, anything else named", () => {
    expect(notionConfig(full).apiVersion).toBe("2025-09-03");
    expect(notionConfig({ ...full, NOTION_API_VERSION: "2026-03-11" }).apiVersion).toBe("2026-03-11");
    const bad = errorOf(() => notionConfig({ ...full, NOTION_API_VERSION: "2022-06-28" }));
    expect(bad).toMatchObject({ code: "config_invalid", variable: "NOTION_API_VERSION" });
    expect(bad.message).toContain("2025-09-03, 2026-03-11");
  });

  it("accepts the alternative names Vercel and Upstash use", () => {
    const env = { ...full, KV_REST_API_URL: undefined, KV_REST_API_TOKEN: undefined, SYNC_SECRET: undefined };
    expect(
      kvConfig({ ...env, UPSTASH_REDIS_REST_URL: "https://u.example.com", UPSTASH_REDIS_REST_TOKEN: "t" }),
    ).toMatchObject({ url: "https://u.example.com", token: "t" });
    expect(syncSecrets({ ...env, CRON_SECRET: "cron-secret-long-enough" })).toEqual([
      "cron-secret-long-enough",
    ]);
    expect(appUrl({ ...env, APP_URL: undefined, NEXT_PUBLIC_SITE_URL: "https://x.example.com" })).toBe(
      "https://x.example.com",
    );
  });
});
