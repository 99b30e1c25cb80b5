import type { PageSummary } from "../bundle-types";
import {
  generationNames,
  plannedOf,
  shareIds,
  type EntryDetail,
  type ManifestEntry,
  type PlannedEntry,
} from "./manifest";
import { addToHash, fieldBatches, hmgetBatched, hmgetPages, scanHash } from "./manifest-chunks";
import type { WorkPart } from "./keys";
import { hgetallRaw, hmgetRaw, type Store } from "./redis";

/**
 * Scratch space of one running sync (Redis, under `work:<jobId>:*`): what the listing saw, the walk
 * queue, and the entries of the generation being built. Everything here is idempotent to rewrite, so a
 * retried step can redo part of the work safely.
 */
const ENQUEUE = `
local added = 0
for i = 1, #ARGV, 2 do
  if redis.call('SADD', KEYS[1], ARGV[i]) == 1 then
    redis.call('RPUSH', KEYS[2], ARGV[i + 1])
    added = added + 1
  end
end
redis.call('EXPIRE', KEYS[1], 604800)
redis.call('EXPIRE', KEYS[2], 604800)
return added
`;

// Work keys outlive a stuck job for a week, then Redis drops them (the same TTL is in ENQUEUE).
const WORK_TTL_SECONDS = 7 * 24 * 3600;

export class SyncWork {
  constructor(
    private readonly store: Store,
    private readonly jobId: string,
  ) {}

  private key(part: WorkPart) {
    return this.store.keys.work(this.jobId, part);
  }

  async saveSeen(summaries: PageSummary[]): Promise<void> {
    if (summaries.length === 0) return;
    // A search page of rich rows can be bigger than one request: written in bounded batches.
    await addToHash(
      this.store,
      this.key("seen"),
      summaries.map((s) => [s.id, JSON.stringify(s)] as const),
      { ttlSeconds: WORK_TTL_SECONDS },
    );
  }

  async loadSeen(): Promise<Map<string, PageSummary>> {
    const out = new Map<string, PageSummary>();
    for await (const page of scanHash(this.store, this.key("seen"))) {
      for (const [id, json] of page) out.set(id, JSON.parse(json) as PageSummary);
    }
    return out;
  }

  /** The listing's summaries of these pages (undefined where the listing did not see one). */
  async seenSummaries(ids: string[]): Promise<(PageSummary | undefined)[]> {
    if (ids.length === 0) return [];
    const values = await hmgetRaw(this.store, this.key("seen"), ids);
    return values.map((v) => (v ? (JSON.parse(v) as PageSummary) : undefined));
  }

  /** Row ids per data source, as the listing saw them: ids only, read a page of the hash at a time. */
  async seenRowsBySource(): Promise<Map<string, string[]>> {
    // A field may come twice when Redis rehashes during the scan: sets, then lists.
    const bySource = new Map<string, Set<string>>();
    for await (const page of scanHash(this.store, this.key("seen"))) {
      for (const [id, json] of page) {
        const parent = (JSON.parse(json) as PageSummary).parent;
        if (parent.kind !== "data_source") continue;
        const ids = bySource.get(parent.id) ?? new Set<string>();
        ids.add(id);
        bySource.set(parent.id, ids);
      }
    }
    return new Map([...bySource].map(([source, ids]) => [source, [...ids]]));
  }

  /** Add items to the walk queue unless already queued once in this sync (cycle-safe). */
  async enqueue(items: { id: string; payload: string }[]): Promise<number> {
    let added = 0;
    // One script per bounded batch (manifest-chunks.ts): a page of rich rows can outgrow one request.
    // An id twice in one call keeps its first payload, as the script would (a batch is keyed by id).
    const first = new Map<string, string>();
    for (const i of items) if (!first.has(i.id)) first.set(i.id, i.payload);
    const batches = fieldBatches(this.store, this.key("queue"), first);
    for (const batch of batches) {
      added += Number(
        await this.store.redis.eval<string[], number>(
          ENQUEUE,
          [this.key("queued"), this.key("queue")],
          Object.entries(batch).flat(),
        ),
      );
    }
    return added;
  }

  queueLength(): Promise<number> {
    return this.store.redis.llen(this.key("queue"));
  }

  async queueSlice(from: number, count: number): Promise<string[]> {
    return this.store.redis.lrange<string>(this.key("queue"), from, from + count - 1);
  }

  /** Which of these items are done (have a record, an entry or a skip): one HEXISTS each, pipelined. */
  async doneIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const p = this.store.redis.pipeline();
    for (const id of ids) p.hexists(this.key("entries"), id);
    const found = await p.exec<number[]>();
    return new Set(ids.filter((_, i) => Number(found[i]) === 1));
  }

  /**
   * Record an entry of the new generation: the marker that its item is done. `files`: the files of the
   * bundle the walk wrote for it (`fileKeysOf`), recorded with it so the file index needs no read of the
   * bundle (`recordedFiles`).
   */
  async saveEntry(entry: ManifestEntry, failure?: string, files?: readonly string[]): Promise<void> {
    const p = this.store.redis.pipeline();
    p.hset(this.key("entries"), { [entry.id]: JSON.stringify(entry) });
    p.expire(this.key("entries"), WORK_TTL_SECONDS);
    if (failure !== undefined) {
      p.hset(this.key("failed"), { [entry.id]: failure });
      p.expire(this.key("failed"), WORK_TTL_SECONDS);
    }
    if (files !== undefined) {
      p.hset(this.key("files"), { [entry.id]: files.join("\n") });
      p.expire(this.key("files"), WORK_TTL_SECONDS);
    }
    await p.exec();
  }

  /**
   * The files of the bundles the walk wrote for these entries, as it recorded them; an entry the walk
   * wrote no bundle for (unchanged, a database, or walked by an older version) is absent.
   */
  async recordedFiles(ids: readonly string[]): Promise<Map<string, string[]>> {
    const values = await hmgetBatched(this.store, this.key("files"), ids, { sized: true });
    return new Map(
      ids.flatMap((id, i) => {
        const value = values[i];
        return value === null || value === undefined ? [] : [[id, value ? value.split("\n") : []] as const];
      }),
    );
  }

  /** An item that yields no entry (vanished, or new and failed) is still done. */
  async markSkipped(id: string, failure?: string): Promise<void> {
    const p = this.store.redis.pipeline();
    p.hset(this.key("entries"), { [id]: "null" });
    if (failure !== undefined) p.hset(this.key("failed"), { [id]: failure });
    await p.exec();
  }

  /** The walk's entries, read a page at a time (HSCAN): no reply or string holds them all. */
  async loadEntries(): Promise<Map<string, ManifestEntry>> {
    const out = new Map<string, ManifestEntry>();
    for await (const page of scanHash(this.store, this.key("entries"))) {
      for (const [id, json] of page) {
        const entry = JSON.parse(json) as ManifestEntry | null;
        if (entry) out.set(id, entry);
      }
    }
    return out;
  }

  /**
   * The walk's entries as publish plans them, without their detail (read back with `walkedDetails` when
   * written) and without the slug the walk gave them (publish derives every slug again). Ids are shared
   * between an entry, its parent's children and its children's parent links, and each generation name
   * is held once. Null when `giveUp` turns true between two pages of the scan.
   */
  async loadPlannedEntries(giveUp: () => boolean = () => false): Promise<Map<string, PlannedEntry> | null> {
    const out = new Map<string, PlannedEntry>();
    const named = generationNames();
    for await (const page of scanHash(this.store, this.key("entries"))) {
      if (giveUp()) return null;
      for (const [, json] of page) {
        const whole = JSON.parse(json) as ManifestEntry | null;
        // Keyed by the entry's own id string, which its parent's children and its children then share.
        if (whole) out.set(whole.id, named(plannedOf(whole)));
      }
    }
    shareIds(out);
    return out;
  }

  /** The detail of walked entries, read back a batch at a time; ids the walk has no entry for are absent. */
  async walkedDetails(ids: readonly string[]): Promise<Map<string, EntryDetail>> {
    const out = new Map<string, EntryDetail>();
    // A batch read and parsed at a time: a listing of 5,000 rows asks for all of them, and their whole
    // entries (JSON) are several times the details kept.
    for await (const [batch, values] of hmgetPages(this.store, this.key("entries"), ids, { sized: true })) {
      values.forEach((json, i) => {
        const entry = json ? (JSON.parse(json) as ManifestEntry | null) : null;
        if (entry) out.set(batch[i]!, { lastEditedTime: entry.lastEditedTime, row: entry.row });
      });
    }
    return out;
  }

  /** Publish wrote this database's listing, whose hash is `hash` (replayed by later publish steps). */
  async saveListed(id: string, hash: string): Promise<void> {
    const p = this.store.redis.pipeline();
    p.hset(this.key("listed"), { [id]: hash });
    p.expire(this.key("listed"), WORK_TTL_SECONDS);
    await p.exec();
  }

  /** The listings publish wrote so far, by database id. */
  async listedHashes(ids: readonly string[]): Promise<Map<string, string>> {
    const values = await hmgetBatched(this.store, this.key("listed"), ids);
    return new Map(ids.flatMap((id, i) => (values[i] ? [[id, values[i]] as const] : [])));
  }

  /**
   * A step ended while this item was retrying the call `call`: returns that call's failed attempts over
   * the steps in a row that were cut short on it (a cut on another call starts the count again).
   */
  async countCutShort(id: string, call: string, failures: number): Promise<number> {
    const [previous] = await hmgetRaw(this.store, this.key("cut"), [id]);
    const [lastCall, count] = (previous ?? "").split("\t");
    const total = (lastCall === call ? Number(count) || 0 : 0) + failures;
    const p = this.store.redis.pipeline();
    p.hset(this.key("cut"), { [id]: `${call}\t${total}` });
    p.expire(this.key("cut"), WORK_TTL_SECONDS);
    await p.exec();
    return total;
  }

  /** What a page fetch cut short by a step's budget had fetched, kept for the next step. */
  async savePartial(id: string, subtrees: Map<string, unknown>): Promise<void> {
    const p = this.store.redis.pipeline();
    p.hset(this.key("partial"), { [id]: JSON.stringify([...subtrees]) });
    p.expire(this.key("partial"), WORK_TTL_SECONDS);
    await p.exec();
  }

  async loadPartial<T>(id: string): Promise<Map<string, T>> {
    const [json] = await hmgetRaw(this.store, this.key("partial"), [id]);
    return new Map(json ? (JSON.parse(json) as [string, T][]) : []);
  }

  async dropPartial(id: string): Promise<void> {
    await this.store.redis.hdel(this.key("partial"), id);
  }

  /** Items the walk found gone (trashed, unshared, deleted): a change-only sync drops their entries. */
  async goneIds(): Promise<Set<string>> {
    const out = new Set<string>();
    for await (const page of scanHash(this.store, this.key("entries"))) {
      for (const [id, json] of page) if (json === "null") out.add(id);
    }
    return out;
  }

  async loadFailures(): Promise<Record<string, string>> {
    return hgetallRaw(this.store, this.key("failed"));
  }

  async clear(): Promise<void> {
    await this.store.redis.del(
      this.key("seen"),
      this.key("queue"),
      this.key("queued"),
      this.key("entries"),
      this.key("failed"),
      this.key("cut"),
      this.key("partial"),
      this.key("listed"),
      this.key("files"),
    );
  }
}
