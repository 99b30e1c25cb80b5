import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadEnvFiles } from "./env-files";

const names = ["NS_CLI_T_A", "NS_CLI_T_B", "NS_CLI_T_C"];
let dir: string | undefined;
afterEach(() => {
  for (const n of names) delete process.env[n];
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("loading .env files", () => {
  it("reads .env.local over .env, and never overrides the shell", () => {
    dir = mkdtempSync(join(tmpdir(), "envfiles-"));
    writeFileSync(join(dir, ".env.local"), "NS_CLI_T_A=local\nNS_CLI_T_B=local\n");
    writeFileSync(join(dir, ".env"), "NS_CLI_T_A=env\nNS_CLI_T_B=env\nNS_CLI_T_C=env\n");
    process.env.NS_CLI_T_B = "shell";
    expect(loadEnvFiles(dir)).toEqual([".env.local", ".env"]);
    expect(process.env.NS_CLI_T_A).toBe("local");
    expect(process.env.NS_CLI_T_B).toBe("shell");
    expect(process.env.NS_CLI_T_C).toBe("env");
  });

  it("is fine without any file", () => {
    dir = mkdtempSync(join(tmpdir(), "envfiles-"));
    expect(loadEnvFiles(dir)).toEqual([]);
  });
});
