import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** A fresh empty directory: the CLI's working directory, so no developer `.env.local` leaks in. */
export function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), "cli-cwd-"));
}

/**
 * Spawn `node --import tsx src/cli/<script>.ts …` with exactly `env` (plus PATH), the way
 * `npm run sync` runs it, and collect its output. Killed after `timeoutMs`.
 */
export function runCli(
  script: "sync" | "schedules",
  args: string[],
  {
    env = {},
    cwd = emptyDir(),
    timeoutMs = 90_000,
  }: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  const entry = resolve(`src/cli/${script}.ts`);
  const child = spawn(process.execPath, ["--import", tsxLoader, entry, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((done, fail) => {
    child.once("error", fail);
    child.once("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
