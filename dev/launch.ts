/**
 * `npm run dev`: the local cloud (emulators for every service not configured as real) + `next dev`,
 * wired together, then a first sync so a newcomer sees a real site. `npm run emulators` starts only
 * the emulators and prints the environment to run `next start` or tests against them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { LOCAL_CLOUD_FILE, removeLocalCloudFile, writeLocalCloudFile } from "../src/lib/cli/local-cloud-file";
import { startLocalCloud } from "./local-cloud";

const { values } = parseArgs({ options: { "emulators-only": { type: "boolean", default: false } } });

for (const file of [".env.local", ".env"]) if (existsSync(file)) process.loadEnvFile(file);

const cloud = await startLocalCloud(process.env).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Could not start the local cloud: ${message}`);
  if (/EADDRINUSE/.test(message))
    console.error("A port is taken: stop the other process, or set QSTASH_PORT / KV_PORT / NOTION_PORT.");
  process.exit(1);
});
const env = { ...process.env, ...cloud.env } as NodeJS.ProcessEnv & Record<string, string>;
// Handlers first: a Ctrl-C or SIGTERM from the moment the file exists removes it again.
const children: ChildProcess[] = [];
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  removeLocalCloudFile(process.pid);
  for (const child of children) child.kill("SIGTERM");
  await cloud.close();
  process.exit(code);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

// The CLI (npm run sync, npm run schedules) reads the local values from here while this process runs;
// Next never does, so `next build`/`next start` cannot pick up dev values by accident.
writeLocalCloudFile({
  pid: process.pid,
  command: values["emulators-only"] ? "npm run emulators" : "npm run dev",
  startedAt: new Date().toISOString(),
  env: cloud.env,
});

console.log("\nnotion-sync local cloud");
for (const s of cloud.services)
  console.log(`  ${s.name.padEnd(7)} ${s.kind === "local" ? "emulator" : "REAL    "} ${s.url}`);

if (values["emulators-only"]) {
  console.log("\nEnvironment for `next start` or tests (dev values, safe to share):");
  for (const [key, value] of Object.entries(cloud.env))
    console.log(`  export ${key}=${JSON.stringify(value)}`);
  console.log(
    `\nThe CLI (npm run sync, npm run schedules) uses these values from ${LOCAL_CLOUD_FILE} while this runs.`,
  );
} else {
  const secretFromUser = Boolean(process.env.SYNC_SECRET);
  console.log(`\n  App     ${env.APP_URL}`);
  console.log(
    `  Admin   ${env.APP_URL}/admin  (secret: ${secretFromUser ? "your SYNC_SECRET" : env.SYNC_SECRET})`,
  );
  const shown = secretFromUser ? "$SYNC_SECRET" : env.SYNC_SECRET;
  console.log(`  Trigger curl -X POST -H "Authorization: Bearer ${shown}" ${env.APP_URL}/api/sync/trigger`);
  console.log(
    `  CLI     npm run sync -- --wait   (needs no settings while this runs: see ${LOCAL_CLOUD_FILE})\n`,
  );
}

if (!values["emulators-only"]) {
  const port = new URL(env.APP_URL!).port || "3000";
  const next = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "dev", "-p", port, "-H", "127.0.0.1"],
    {
      env,
      stdio: "inherit",
    },
  );
  children.push(next);
  next.on("exit", (code) => void stop(code ?? 0));
  void firstSync(env);
}

/** Trigger a first sync once the app answers, unless the cache already holds a site. */
async function firstSync(appEnv: Record<string, string>) {
  const base = appEnv.APP_URL!;
  for (let i = 0; i < 600 && !stopping; i++) {
    try {
      const response = await fetch(`${base}/api/sync/jobs?limit=1`, {
        headers: { authorization: `Bearer ${appEnv.SYNC_SECRET}` },
      });
      if (response.status === 200) {
        const body = (await response.json()) as { total: number };
        if (body.total > 0) return;
        const trigger = await fetch(`${base}/api/sync/trigger`, {
          method: "POST",
          headers: { authorization: `Bearer ${appEnv.SYNC_SECRET}` },
        });
        const job = (await trigger.json()) as { jobId?: string; error?: string };
        console.log(
          job.jobId
            ? `\nFirst sync started (${job.jobId}): watch it at ${base}/admin/jobs/${job.jobId}\n`
            : `\nFirst sync could not start: ${job.error ?? trigger.status}\n`,
        );
        return;
      }
    } catch {
      // next dev is still starting
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
