import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/**
 * Where `npm run dev` / `npm run emulators` leave the local cloud's values for the CLI. It lives in the
 * git-ignored `.data/`, and Next never loads it (unlike `.env.local`, which `next build` and `next start`
 * would also read): only the CLI does, and only while the launcher that wrote it runs.
 */
export const LOCAL_CLOUD_FILE = join(".data", "local-cloud.json");

const fileSchema = z.object({
  version: z.literal(1),
  /** The launcher's process: the file is stale once it is gone. */
  pid: z.number().int().positive(),
  /** "npm run dev" or "npm run emulators", for messages. */
  command: z.string().min(1),
  startedAt: z.string(),
  /** Only the values the launcher filled in (emulator URLs, dev tokens, dev secret); never the user's own. */
  env: z.record(z.string(), z.string()),
});
export type LocalCloudFile = z.infer<typeof fileSchema>;

/** Write the file atomically (a reader never sees half of it), readable by this user only. */
export function writeLocalCloudFile(file: Omit<LocalCloudFile, "version">, dir = process.cwd()): string {
  const path = join(dir, LOCAL_CLOUD_FILE);
  const body: LocalCloudFile = { version: 1, ...file };
  writeFileSync(`${path}.tmp`, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
  return path;
}

/** Remove the file if it is still this launcher's (another `npm run dev` may have replaced it). */
export function removeLocalCloudFile(pid: number, dir = process.cwd()): void {
  const found = readLocalCloudFile(dir);
  if (found.file?.pid === pid) rmSync(join(dir, LOCAL_CLOUD_FILE), { force: true });
}

export function readLocalCloudFile(dir = process.cwd()): { file?: LocalCloudFile; problem?: string } {
  const path = join(dir, LOCAL_CLOUD_FILE);
  if (!existsSync(path)) return {};
  try {
    return { file: fileSchema.parse(JSON.parse(readFileSync(path, "utf8"))) };
  } catch {
    return { problem: `${LOCAL_CLOUD_FILE} is not a file npm run dev wrote (unreadable or malformed)` };
  }
}

/** The emulators a file points at, by the variable that holds each URL. */
export const EMULATOR_URLS = [
  ["Notion", "NOTION_API_URL"],
  ["KV", "KV_REST_API_URL"],
  ["QStash", "QSTASH_URL"],
] as const;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; only ESRCH means gone.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function answers(url: string, fetchImpl: typeof fetch, timeoutMs: number): Promise<boolean> {
  try {
    // Any HTTP answer will do (emulators answer 401/404 to a bare GET); only silence means gone.
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/**
 * Why the file is stale, or undefined when its launcher and every emulator it lists still answer. A
 * `npm run dev` killed without a chance to clean up leaves the file behind; this is how it is told apart.
 */
export async function staleReason(
  file: LocalCloudFile,
  { fetch: fetchImpl = fetch, timeoutMs = 1500 }: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<string | undefined> {
  if (!processAlive(file.pid)) return `${file.command} (pid ${file.pid}) is no longer running`;
  const probes = EMULATOR_URLS.flatMap(([name, key]) => {
    const url = file.env[key];
    return url ? [{ name, url }] : [];
  });
  const results = await Promise.all(probes.map((p) => answers(p.url, fetchImpl, timeoutMs)));
  const silent = probes.filter((_, i) => !results[i]);
  if (silent.length === 0) return undefined;
  return `its ${silent.map((p) => `${p.name} emulator at ${p.url}`).join(" and ")} did not answer`;
}
