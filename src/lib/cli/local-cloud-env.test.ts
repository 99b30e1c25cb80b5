import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptLocalCloud, describeServices } from "./local-cloud-env";
import { freePort } from "../../../tests/helpers/ports";
import {
  LOCAL_CLOUD_FILE,
  readLocalCloudFile,
  removeLocalCloudFile,
  writeLocalCloudFile,
} from "./local-cloud-file";

let server: Server;
let live: string;
beforeAll(async () => {
  // Stands in for the emulators: anything that answers HTTP counts as "up".
  server = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  live = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const secrets = {
  NOTION_TOKEN: "ntn_dev_token_x",
  KV_REST_API_TOKEN: "kv-dev-token-x",
  SYNC_SECRET: "dev-secret-0123456789x",
};

function cloudDir(pid: number, urls: { notion?: string; kv?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "local-cloud-"));
  mkdirSync(join(dir, ".data"));
  writeLocalCloudFile(
    {
      pid,
      command: "npm run dev",
      startedAt: new Date().toISOString(),
      env: {
        ...secrets,
        NOTION_API_URL: urls.notion ?? live,
        NOTION_ROOT_PAGE_ID: "0123456789abcdef0123456789abcdef",
        KV_REST_API_URL: urls.kv ?? live,
        APP_URL: "http://127.0.0.1:3000",
      },
    },
    dir,
  );
  return dir;
}

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid;
}

describe("the CLI and the local cloud's file", () => {
  it("fills what the environment lacks, service by service, and real values win", async () => {
    const env: Record<string, string | undefined> = { KV_REST_API_URL: "https://eu1-fine-cat.upstash.io" };
    const use = await adoptLocalCloud(env, { dir: cloudDir(process.pid) });
    expect(use.ignored).toBeUndefined();
    expect(env).toMatchObject({
      NOTION_API_URL: live,
      NOTION_TOKEN: secrets.NOTION_TOKEN,
      SYNC_SECRET: secrets.SYNC_SECRET,
    });
    // KV is the user's: the dev token must never be sent to their real URL.
    expect(env.KV_REST_API_URL).toBe("https://eu1-fine-cat.upstash.io");
    expect(env.KV_REST_API_TOKEN).toBeUndefined();

    const line = describeServices(env, use, ["Notion", "KV", "app"]);
    expect(line).toBe(
      `using the local cloud from npm run dev (pid ${process.pid}): Notion ${live}, app http://127.0.0.1:3000; ` +
        "KV https://eu1-fine-cat.upstash.io (KV_REST_API_URL from the environment)",
    );
    for (const secret of Object.values(secrets)) expect(line).not.toContain(secret);
  });

  it("names the environment and the default when there is no file", async () => {
    const env = { QSTASH_URL: "https://user:pw@qstash.upstash.io/?token=x", QSTASH_TOKEN: "t" };
    const use = await adoptLocalCloud(env, { dir: mkdtempSync(join(tmpdir(), "no-cloud-")) });
    expect(describeServices(env, use, ["QStash", "app"])).toBe(
      "using QStash https://qstash.upstash.io (QSTASH_URL from the environment); app http://127.0.0.1:3000 (the default)",
    );
    expect(describeServices(env, use, ["app"], "http://127.0.0.1:4000/")).toBe(
      "using app http://127.0.0.1:4000 (--url)",
    );
  });

  it("ignores a file whose launcher has stopped, and says what to do", async () => {
    const env: Record<string, string | undefined> = {};
    const pid = deadPid();
    const use = await adoptLocalCloud(env, { dir: cloudDir(pid) });
    expect(use.ignored).toBe(
      `ignoring ${LOCAL_CLOUD_FILE}: npm run dev (pid ${pid}) is no longer running. Start the local cloud again ` +
        "(`npm run dev` or `npm run emulators`), or set the variables in .env.local; the launcher deletes the file when it stops.",
    );
    expect(env).toEqual({});
  });

  it("ignores a file whose emulators do not answer, even if its pid is alive", async () => {
    const silent = `http://127.0.0.1:${await freePort()}`;
    const env: Record<string, string | undefined> = {};
    const use = await adoptLocalCloud(env, { dir: cloudDir(process.pid, { kv: silent }) });
    expect(use.ignored).toMatch(
      new RegExp(`its KV emulator at ${silent} did not answer\\. Start the local cloud again`),
    );
    expect(env).toEqual({});
  });

  it("does not probe or complain when the environment configures everything", async () => {
    const env = {
      NOTION_TOKEN: "a",
      KV_REST_API_URL: "https://k.example",
      QSTASH_TOKEN: "q",
      APP_URL: "https://site.example",
      SYNC_SECRET: "s".repeat(20),
      NOTION_WEBHOOK_SECRET: "w",
    };
    const use = await adoptLocalCloud({ ...env }, { dir: cloudDir(deadPid()) });
    expect(use).toEqual({ filled: new Set() });
  });

  it("reports a malformed file, and removes only its own file", async () => {
    const dir = cloudDir(process.pid);
    removeLocalCloudFile(process.pid + 1, dir);
    expect(readLocalCloudFile(dir).file?.pid).toBe(process.pid);
    removeLocalCloudFile(process.pid, dir);
    expect(readLocalCloudFile(dir)).toEqual({});
    writeFileSync(join(dir, LOCAL_CLOUD_FILE), "{ not json");
    expect((await adoptLocalCloud({}, { dir })).ignored).toMatch(/not a file npm run dev wrote/);
  });
});
