import { describe, expect, it } from "vitest";
import { isConfigError } from "../config";
import { isSyncSecret } from "./secret-check";

const env = { SYNC_SECRET: "sync-secret-0123456789abcdef", CRON_SECRET: "cron-secret-0123456789abcdef" };

describe("isSyncSecret", () => {
  it("accepts either configured secret, trimmed", () => {
    expect(isSyncSecret(env.SYNC_SECRET, env)).toBe(true);
    expect(isSyncSecret(` ${env.CRON_SECRET}\n`, env)).toBe(true);
  });

  it("refuses anything else, including empty input and prefixes", () => {
    expect(isSyncSecret("", env)).toBe(false);
    expect(isSyncSecret(env.SYNC_SECRET.slice(0, -1), env)).toBe(false);
    expect(isSyncSecret(`${env.SYNC_SECRET}x`, env)).toBe(false);
  });

  it("is a configuration error when no secret is set", () => {
    let caught: unknown;
    try {
      isSyncSecret("anything", {});
    } catch (error) {
      caught = error;
    }
    expect(isConfigError(caught) && caught.variable).toBe("SYNC_SECRET");
  });
});
