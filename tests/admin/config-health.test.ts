import { describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { configHealth, isLocalUrl, secretStrength } from "@/lib/admin/config-health";
import { PUBLIC_DEV_VALUES } from "@/lib/admin/public-dev-values";

const LOCAL_ENV = {
  NOTION_TOKEN: DEV_DEFAULTS.notionToken,
  NOTION_API_URL: "http://127.0.0.1:8090",
  NOTION_ROOT_PAGE_ID: "d3e40000-0000-4000-8000-000000000001",
  QSTASH_URL: "http://localhost:8080",
  QSTASH_TOKEN: DEV_DEFAULTS.qstashToken,
  QSTASH_CURRENT_SIGNING_KEY: DEV_DEFAULTS.qstashCurrentSigningKey,
  QSTASH_NEXT_SIGNING_KEY: DEV_DEFAULTS.qstashNextSigningKey,
  KV_REST_API_URL: "http://127.0.0.1:8079",
  KV_REST_API_TOKEN: DEV_DEFAULTS.kvToken,
  SYNC_SECRET: DEV_DEFAULTS.syncSecret,
  APP_URL: "http://127.0.0.1:3000",
};

const REAL_SECRET = "a".repeat(20) + "B".repeat(20);
const REAL_ENV = {
  NOTION_TOKEN: "ntn_real_token_value_1234",
  NOTION_ROOT_PAGE_ID: "d3e40000-0000-4000-8000-000000000001",
  QSTASH_TOKEN: "real-qstash-token-value",
  QSTASH_CURRENT_SIGNING_KEY: "sig_real_current_key_value",
  QSTASH_NEXT_SIGNING_KEY: "sig_real_next_key_value",
  KV_REST_API_URL: "https://eu1-example-12345.upstash.io",
  KV_REST_API_TOKEN: "real-kv-token-value",
  SYNC_SECRET: REAL_SECRET,
  CRON_SECRET: "short-cron-secret",
  APP_URL: "https://example.com",
};

function byId(items: ReturnType<typeof configHealth>) {
  return Object.fromEntries(items.map((i) => [i.id, i]));
}

describe("configHealth", () => {
  it("keeps its copy of the public dev values equal to dev/defaults.ts", () => {
    expect(PUBLIC_DEV_VALUES).toEqual({
      syncSecret: DEV_DEFAULTS.syncSecret,
      qstashCurrentSigningKey: DEV_DEFAULTS.qstashCurrentSigningKey,
      qstashNextSigningKey: DEV_DEFAULTS.qstashNextSigningKey,
    });
  });

  it("reports the local cloud as local emulators and the dev secret as weak", () => {
    const items = byId(configHealth(LOCAL_ENV));
    expect(items.notion!.detail).toBe("Local emulator (127.0.0.1:8090)");
    expect(items.qstash!.detail).toBe("Local emulator (localhost:8080)");
    expect(items.kv!.detail).toBe("Local emulator (127.0.0.1:8079)");
    expect(items["qstash-signing-keys"]).toMatchObject({ status: "ok" });
    expect(items["secret-sync_secret"]).toMatchObject({
      status: "warning",
      detail: "Weak: the documented dev secret",
    });
  });

  it("reports real services by host, strong and weak secrets, and never a secret value", () => {
    const items = configHealth(REAL_ENV);
    const map = byId(items);
    expect(map.notion).toMatchObject({ status: "ok", detail: "Notion API (api.notion.com)" });
    expect(map.qstash).toMatchObject({ status: "ok", detail: "QStash (qstash.upstash.io)" });
    expect(map.kv!.detail).toBe("Upstash Redis (eu1-example-12345.upstash.io)");
    expect(map["secret-sync_secret"]).toMatchObject({ status: "ok", detail: "Strong (40 characters)" });
    expect(map["secret-cron_secret"]).toMatchObject({ status: "warning" });
    const text = JSON.stringify(items);
    for (const value of Object.entries(REAL_ENV)
      .filter(([k]) => /TOKEN|KEY|SECRET/.test(k))
      .map(([, v]) => v)) {
      expect(text).not.toContain(value);
    }
  });

  it("flags the public dev signing keys used against a real QStash", () => {
    const env = { ...REAL_ENV, QSTASH_CURRENT_SIGNING_KEY: DEV_DEFAULTS.qstashCurrentSigningKey };
    expect(byId(configHealth(env))["qstash-signing-keys"]).toMatchObject({ status: "problem" });
  });

  it("names what is missing instead of failing", () => {
    const items = byId(configHealth({}));
    expect(items.notion).toMatchObject({ status: "problem" });
    expect(items.notion!.detail).toContain("NOTION_TOKEN");
    expect(items["qstash-signing-keys"]!.detail).toContain("QSTASH_TOKEN");
    expect(items["secret-sync_secret"]).toMatchObject({ status: "problem" });
  });

  it("judges strength by length and by not being the dev secret", () => {
    expect(secretStrength("SYNC_SECRET", "x".repeat(31)).status).toBe("warning");
    expect(secretStrength("SYNC_SECRET", "x".repeat(32)).status).toBe("ok");
    expect(secretStrength("SYNC_SECRET", DEV_DEFAULTS.syncSecret).status).toBe("warning");
  });

  it("treats loopback hosts as local", () => {
    expect(isLocalUrl("http://127.0.0.1:1")).toBe(true);
    expect(isLocalUrl("http://127.1.2.3")).toBe(true);
    expect(isLocalUrl("http://[::1]:8080")).toBe(true);
    expect(isLocalUrl("http://app.localhost")).toBe(true);
    expect(isLocalUrl("https://qstash.upstash.io")).toBe(false);
    expect(isLocalUrl("not a url")).toBe(false);
  });
});
