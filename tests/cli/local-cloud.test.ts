import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/app";
import { LOCAL_CLOUD_FILE } from "@/lib/cli/local-cloud-file";
import { emptyDir, runCli } from "./run-cli";

/**
 * The acceptance test of "the CLI works beside `npm run dev` with no env": the launcher runs the
 * emulators as `npm run emulators` does, the built app runs against them as a developer would start it
 * (`next start` with the printed exports), and the CLI runs with an environment holding nothing but PATH.
 */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const distDir = process.env.NEXT_DIST_DIR ?? ".next";

interface Proc {
  child: ChildProcess;
  output: string[];
}

function start(args: string[], options: { cwd: string; env: Record<string, string> }): Proc {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => output.push(chunk));
  }
  return { child, output };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  proc?: Proc,
): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (proc && proc.child.exitCode !== null) throw new Error(`${what}: exited\n${proc.output.join("")}`);
    if (Date.now() > deadline) throw new Error(`${what}: timed out\n${proc?.output.join("") ?? ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(proc: Proc | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = new Promise((r) => proc.child.once("exit", r));
  proc.child.kill(signal);
  await exited;
}

/**
 * A private copy of the build, as `startTestApp` makes one: Next writes rendered pages into its build
 * folder, and they must not leak into other test apps.
 */
const appDistDir = join(`${distDir}-apps`, `local-cloud-${process.pid}`);

let dir: string;
let launcher: Proc | undefined;
let app: Proc | undefined;
let appUrl: string;
let pid: number;

beforeAll(async () => {
  if (!existsSync(`${distDir}/BUILD_ID`))
    throw new Error("Build the app first: npm run build (npm test does it).");
  // The project directory as the CLI sees it: no .env, no .env.local, only what the launcher writes.
  dir = emptyDir();
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  launcher = start(["--import", tsxLoader, resolve("dev/launch.ts"), "--emulators-only"], {
    cwd: dir,
    env: { PORT: String(port), QSTASH_PORT: "0", KV_PORT: "0", NOTION_PORT: "0" },
  });
  const printed = await until(
    "the launcher's exports",
    () => {
      const text = launcher!.output.join("");
      return text.includes(LOCAL_CLOUD_FILE) ? text : undefined;
    },
    launcher,
  );
  pid = launcher.child.pid!;
  const exports = Object.fromEntries(
    [...printed.matchAll(/^ {2}export ([A-Z_]+)=(".*")$/gm)].map((m) => [m[1]!, JSON.parse(m[2]!) as string]),
  );
  expect(exports.APP_URL).toBe(appUrl);
  cpSync(distDir, appDistDir, { recursive: true, filter: (path) => path !== join(distDir, "cache") });
  mkdirSync(join(appDistDir, "cache"), { recursive: true });
  app = start(["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: process.cwd(),
    env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: appDistDir, ...exports },
  });
  await until(
    "next start",
    async () => {
      // Whatever answers before Next says Ready is not this app (the port may have been taken since).
      if (!app!.output.join("").includes("Ready in")) return undefined;
      const response = await fetch(`${appUrl}/robots.txt`).catch(() => undefined);
      return response && response.status < 500 ? true : undefined;
    },
    app,
  );
}, 180_000);

afterAll(async () => {
  await stop(app);
  await stop(launcher);
  rmSync(appDistDir, { recursive: true, force: true });
});

const usingLocal = (services: string) =>
  new RegExp(`^using the local cloud from npm run emulators \\(pid \\d+\\): ${services}$`, "m");

describe("the CLI beside the local cloud, with no env at all", () => {
  it("npm run sync -- --wait triggers through the app and follows the job to the end", async () => {
    const run = await runCli("sync", ["--wait"], { cwd: dir, timeoutMs: 170_000 });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(usingLocal(`app ${appUrl.replace(/\./g, "\\.")}`));
    expect(run.stdout).toMatch(/^completed in [\d.]+ s: \d+ written/m);
  }, 180_000);

  it("npm run sync -- --local syncs in-process against the emulators", async () => {
    const run = await runCli("sync", ["--local"], { cwd: dir, timeoutMs: 170_000 });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      usingLocal("Notion http://127\\.0\\.0\\.1:\\d+, KV http://127\\.0\\.0\\.1:\\d+"),
    );
    expect(run.stdout).toMatch(/^completed in [\d.]+ s: /m);
  }, 180_000);

  it("npm run schedules creates, lists and deletes the schedule on the local QStash", async () => {
    const env = {};
    const created = await runCli("schedules", ["--cron", "0 * * * *"], { cwd: dir, env });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(
      usingLocal(`QStash http://127\\.0\\.0\\.1:\\d+, app ${appUrl.replace(/\./g, "\\.")}`),
    );
    expect(created.stdout).toContain(
      `created schedule notion-sync-incremental: "0 * * * *" → POST ${appUrl}/api/sync/trigger`,
    );
    const listed = await runCli("schedules", ["--list"], { cwd: dir, env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^notion-sync-incremental\s+0 \* \* \* \*/m);
    const deleted = await runCli("schedules", ["--delete"], { cwd: dir, env });
    expect(deleted.stdout).toContain("deleted schedule notion-sync-incremental");
  });

  it("lets a variable from the environment win over the local cloud, and says so", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli("schedules", ["--list"], {
      cwd: dir,
      env: {
        QSTASH_URL: dead,
        QSTASH_TOKEN: "my-own-token",
        QSTASH_CURRENT_SIGNING_KEY: "a",
        QSTASH_NEXT_SIGNING_KEY: "b",
      },
    });
    expect(run.stdout).toMatch(
      new RegExp(
        `^using the local cloud .*: app .*; QStash ${dead} \\(QSTASH_URL from the environment\\)$`,
        "m",
      ),
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`cannot reach QStash at ${dead}`);
  });

  it("never prints a secret the local cloud uses", () => {
    const file = JSON.parse(readFileSync(join(dir, LOCAL_CLOUD_FILE), "utf8")) as {
      env: Record<string, string>;
    };
    expect(file.env.SYNC_SECRET).toBeTruthy();
    // Re-run the cheapest command and check all its output.
    return runCli("schedules", ["--list"], { cwd: dir }).then((run) => {
      for (const key of [
        "SYNC_SECRET",
        "KV_REST_API_TOKEN",
        "QSTASH_TOKEN",
        "NOTION_TOKEN",
        "NOTION_WEBHOOK_SECRET",
      ])
        expect(run.stdout + run.stderr).not.toContain(file.env[key]);
    });
  });

  it("ignores the file a killed launcher left behind, and says what to do", async () => {
    const file = join(dir, LOCAL_CLOUD_FILE);
    const contents = readFileSync(file, "utf8");
    // SIGKILL: the launcher gets no chance to delete its file, as when a terminal is closed.
    await stop(launcher, "SIGKILL");
    expect(existsSync(file)).toBe(true);
    const run = await runCli("schedules", ["--list"], { cwd: dir });
    expect(run.stderr).toContain(
      `ignoring ${LOCAL_CLOUD_FILE}: npm run emulators (pid ${pid}) is no longer running. Start the local cloud again`,
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Missing QSTASH_TOKEN/);

    // A live pid (this test runner) whose emulators are gone is stale as well.
    writeFileSync(file, contents.replace(/"pid": \d+/, `"pid": ${process.pid}`));
    const local = await runCli("sync", ["--local"], { cwd: dir });
    expect(local.stderr).toMatch(
      // (Any of the three freed ports may have been taken by another process since: at least one is silent.)
      /ignoring \.data\/local-cloud\.json: its (Notion|KV|QStash) emulator at http:\/\/127\.0\.0\.1:\d+.* did not answer\. Start the local cloud again/,
    );
    expect(local.code).toBe(3);
  });

  it("is removed by a launcher that stops normally", async () => {
    const other = emptyDir();
    const proc = start(["--import", tsxLoader, resolve("dev/launch.ts"), "--emulators-only"], {
      cwd: other,
      env: { PORT: String(await freePort()), QSTASH_PORT: "0", KV_PORT: "0", NOTION_PORT: "0" },
    });
    const file = join(other, LOCAL_CLOUD_FILE);
    await until("the file", () => (existsSync(file) ? true : undefined), proc);
    await stop(proc, "SIGTERM");
    expect(existsSync(file)).toBe(false);
  });
});
