import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SITE_TAG } from "./cache-tags";
import { readGenerationRecord, writeGenerationRecord } from "./generation-record";
import { tagsToExpireAtStartup } from "./startup-check";

describe("the startup check", () => {
  const url = "https://site.example";

  it("invalidates everything without a record, after a publish made while the app was down, or with another APP_URL", () => {
    expect(tagsToExpireAtStartup(null, "g1", url)).toEqual([SITE_TAG]);
    expect(tagsToExpireAtStartup({ generation: "g1", appUrl: url, pending: [] }, "g2", url)).toEqual([
      SITE_TAG,
    ]);
    expect(tagsToExpireAtStartup({ generation: "g1", appUrl: url, pending: [] }, "g1", "http://x")).toEqual([
      SITE_TAG,
    ]);
  });

  it("repeats the invalidations a restart forgot, and nothing when all is current", () => {
    const record = { generation: "g1", appUrl: url, pending: ["page:a"] };
    expect(tagsToExpireAtStartup(record, "g1", url)).toEqual(["page:a"]);
    expect(tagsToExpireAtStartup({ ...record, pending: [] }, "g1", url)).toEqual([]);
  });

  it("keeps its record in a file beside the cache", () => {
    const path = join(mkdtempSync(join(tmpdir(), "record-")), "cache", "generation.json");
    expect(readGenerationRecord(path)).toBeNull();
    expect(writeGenerationRecord({ generation: "g1", appUrl: url, pending: ["x"] }, path)).toBe(true);
    expect(readGenerationRecord(path)).toEqual({ generation: "g1", appUrl: url, pending: ["x"] });
  });
});
