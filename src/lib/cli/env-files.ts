import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * Load `.env.local`, then `.env`, from `dir` into `process.env`, the way Next.js does for the app, so
 * the CLI sees the same settings. Variables already set (the shell, CI) win, and so does `.env.local`
 * over `.env`: `process.loadEnvFile` never overwrites a variable that exists. Returns the files read.
 */
export function loadEnvFiles(
  dir = process.cwd(),
  files: readonly string[] = [".env.local", ".env"],
): string[] {
  const loaded: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    process.loadEnvFile(path);
    loaded.push(file);
  }
  return loaded;
}
