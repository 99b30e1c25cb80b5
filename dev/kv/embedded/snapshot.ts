import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { KvLogger } from "../logger";
import { formatFloat, parseFloatArg } from "./args";
import { typeOfValue } from "./keyspace";
import type { HashValue, Keyspace, StoredValue, ZsetValue } from "./keyspace";

/** One key in `<dataDir>/kv.json`; scores are strings so `inf` survives JSON. */
type SnapshotValue =
  | { type: "string"; value: string }
  | { type: "hash"; value: HashValue }
  | { type: "list" | "set"; value: string[] }
  | { type: "zset"; value: [member: string, score: string][] };
type SnapshotEntry = { key: string; expiresAt?: number } & SnapshotValue;

export interface SnapshotFile {
  version: 1;
  savedAt: string;
  keys: SnapshotEntry[];
}

export function dumpKeyspace(ks: Keyspace): SnapshotFile {
  const keys: SnapshotEntry[] = [];
  for (const key of ks.keys()) {
    const value = ks.raw(key);
    if (value === undefined) continue;
    const expiresAt = ks.expiresAt(key);
    keys.push({
      key,
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...encodeValue(value as StoredValue),
    });
  }
  return { version: 1, savedAt: new Date().toISOString(), keys };
}

function encodeValue(value: StoredValue): SnapshotValue {
  const type = typeOfValue(value);
  if (type === "string")
    return { type, value: Buffer.isBuffer(value) ? value.toString("utf8") : (value as string) };
  if (type === "list") return { type, value: value as string[] };
  if (type === "set") return { type, value: [...(value as Set<string>)] };
  if (type === "zset") {
    return { type, value: [...(value as ZsetValue).values()].map((e) => [e.value, formatFloat(e.score)]) };
  }
  return { type: "hash", value: { ...(value as HashValue) } };
}

/** Loads entries into the keyspace, skipping expired or malformed ones; returns how many were kept. */
export function restoreKeyspace(ks: Keyspace, file: SnapshotFile): number {
  let restored = 0;
  for (const entry of file.keys) {
    if (typeof entry.key !== "string" || (entry.expiresAt !== undefined && entry.expiresAt <= ks.now()))
      continue;
    let value: StoredValue | undefined;
    try {
      value = decodeValue(entry);
    } catch {
      value = undefined; // a malformed entry is skipped, not fatal
    }
    if (value === undefined) continue;
    ks.write(entry.key, value);
    if (entry.expiresAt !== undefined) ks.setExpiresAt(entry.key, entry.expiresAt);
    restored++;
  }
  return restored;
}

function decodeValue(entry: SnapshotEntry): StoredValue | undefined {
  const isStrings = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((item) => typeof item === "string");
  switch (entry.type) {
    case "string":
      return typeof entry.value === "string" ? entry.value : undefined;
    case "list":
      return isStrings(entry.value) ? entry.value : undefined;
    case "set":
      return isStrings(entry.value) ? new Set(entry.value) : undefined;
    case "zset":
      return new Map(
        entry.value.map(([member, score]) => [member, { score: parseFloatArg(score), value: member }]),
      );
    case "hash":
      return typeof entry.value === "object" && entry.value !== null ? { ...entry.value } : undefined;
    default:
      return undefined;
  }
}

export async function readSnapshot(file: string, logger: KvLogger): Promise<SnapshotFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined; // first start: nothing saved yet
  }
  try {
    const parsed = JSON.parse(text) as Partial<SnapshotFile>;
    if (parsed.version !== 1 || !Array.isArray(parsed.keys)) throw new Error("unknown snapshot format");
    return parsed as SnapshotFile;
  } catch (error) {
    logger.warn("kv: ignoring unreadable snapshot", { file, error: String(error) });
    return undefined;
  }
}

/**
 * Saves the keyspace at most once per `intervalMs` after writes, and on flush(). Each save writes a
 * temp file and renames it over kv.json, so a crash leaves either the old or the new snapshot.
 */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly dump: () => SnapshotFile,
    private readonly intervalMs: number,
    private readonly logger: KvLogger,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return this.saving;
    this.dirty = false;
    const payload = JSON.stringify(this.dump());
    this.saving = this.saving.then(() => this.write(payload));
    return this.saving;
  }

  private async write(payload: string): Promise<void> {
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(temp, payload);
      await rename(temp, this.file);
    } catch (error) {
      this.logger.warn("kv: could not save snapshot", { file: this.file, error: String(error) });
    }
  }
}
