/** The built app for the latency runs, in its own folder (other sessions build beside it). */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const BENCH_DIST_DIR = ".next-bench";

/** Newest modification time under `dir` (ms). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const buildId = `${BENCH_DIST_DIR}/BUILD_ID`;
  return existsSync(buildId) && statSync(buildId).mtimeMs > newestMtime("src");
}

/**
 * Build with `next build` into BENCH_DIST_DIR unless a build newer than every file in src/ is there.
 * `next build` rewrites tsconfig.json to include its dist folder's types; the file is put back exactly
 * as it was.
 */
export async function ensureAppBuild(log: (s: string) => void, rebuild = false): Promise<void> {
  if (!rebuild && isFresh()) return;
  log(`latency: building the app into ${BENCH_DIST_DIR} (next build)…`);
  const tsconfig = readFileSync("tsconfig.json", "utf8");
  try {
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
        env: { ...process.env, NEXT_DIST_DIR: BENCH_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      for (const stream of [child.stdout, child.stderr]) {
        stream.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
      }
      child.once("error", reject);
      child.once("exit", resolve);
    });
    if (code !== 0) {
      const tail = output.join("").trim().split("\n").slice(-6).join(" / ");
      throw new Error(`next build failed (exit ${code}): ${tail}`);
    }
  } finally {
    if (readFileSync("tsconfig.json", "utf8") !== tsconfig) writeFileSync("tsconfig.json", tsconfig);
  }
}
