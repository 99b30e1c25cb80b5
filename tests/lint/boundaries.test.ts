/**
 * The owner boundaries are enforced by `npm run lint` (eslint.config.mjs), not by review: each one,
 * broken in a real file of the repo, makes ESLint fail with the boundary's message, and the files as
 * committed pass.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary errors (no-restricted-*) ESLint reports for `file` with `code` appended. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const text = `${readFileSync(path.join(root, file), "utf8")}\n${code}\n`;
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.severity === 2 && m.ruleId?.startsWith("no-restricted-"))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe("lint enforces the owner boundaries", () => {
  it("passes the files as they are", async () => {
    for (const file of ["src/lib/jobs/define.ts", "src/lib/sync/job.ts", "src/lib/notion/errors.ts"]) {
      expect(await boundaryErrors(file, ""), file).toEqual([]);
    }
  });

  it("refuses notion/ and sync/ in src/lib/jobs", async () => {
    for (const code of [
      `export { NotionApi } from "../notion/api";`,
      `export type { SyncParams } from "@/lib/sync/types";`,
      `export { createSyncJobType } from "../sync/job";`,
    ]) {
      const errors = await boundaryErrors("src/lib/jobs/define.ts", code);
      expect(errors, code).toEqual([expect.stringContaining("src/lib/jobs knows no job type")]);
    }
  });

  it("refuses the Redis client outside src/lib/store, however it is reached", async () => {
    for (const code of [
      `export const a = (s: import("@/lib/store/redis").Store) => s.redis.get("k");`,
      `export const b = (s: import("@/lib/store/redis").Store) => s["redis"].get("k");`,
      `export const c = ({ redis }: import("@/lib/store/redis").Store) => redis.get("k");`,
    ]) {
      const errors = await boundaryErrors("src/lib/sync/job.ts", code);
      expect(errors, code).toEqual([expect.stringContaining("Only src/lib/store touches the Redis client")]);
    }
    for (const code of [
      `export { Redis } from "@upstash/redis";`,
      `export * from "@upstash/redis/nodejs";`,
    ]) {
      const errors = await boundaryErrors("src/lib/sync/job.ts", code);
      expect(errors, code).toHaveLength(1);
    }
  });

  it("refuses SDK types in src/lib/notion, by name or by a deep path", async () => {
    for (const code of [
      `export type { PageObjectResponse } from "@notionhq/client";`,
      `export type { BlockObjectResponse } from "@notionhq/client/build/src/api-endpoints";`,
    ]) {
      const errors = await boundaryErrors("src/lib/notion/errors.ts", code);
      expect(errors, code).toHaveLength(1);
      expect(errors[0]).toMatch(/own types|never by a deep path/);
    }
  });
});
