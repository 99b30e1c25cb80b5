import type { Store } from "./redis";

/**
 * Nothing big in one value: a generation's manifest, routes, links and file index are hashes (one field
 * per entry) written in batches, so no Redis request or value grows with the workspace. Upstash refuses
 * requests over 10 MB (1 MB on older plans); a batch stays far below that.
 */
export const DEFAULT_BATCH_BYTES = 256 * 1024;
/** Fields per HSET/HMGET/HSCAN page: bounds a batch of tiny fields (routes, links) as well. */
const BATCH_FIELDS = 1_000;
/** HSCAN's COUNT hint: about this many fields per reply (Redis may return fewer, or a small hash whole). */
const SCAN_COUNT = 500;

export class KvValueTooLargeError extends Error {
  readonly code = "kv_value_too_large";
  constructor(key: string, field: string, bytes: number, limit: number) {
    super(`${key} field ${field} is ${bytes} bytes, over the ${limit}-byte batch limit`);
    this.name = "KvValueTooLargeError";
  }
}

export function isKvValueTooLargeError(e: unknown): e is KvValueTooLargeError {
  return e instanceof KvValueTooLargeError;
}

/** The largest request body a batch may make (tests set a small one through `store.limits`). */
export function batchBytesOf(store: Store): number {
  return store.limits?.batchBytes ?? DEFAULT_BATCH_BYTES;
}

/**
 * Group fields into HSET batches of at most the store's batch size (bytes of field + value) and
 * BATCH_FIELDS fields; a single field over the batch size is refused, as Upstash would refuse it.
 */
export function* fieldBatches(
  store: Store,
  key: string,
  fields: Iterable<readonly [string, string]>,
): Generator<Record<string, string>> {
  const limit = batchBytesOf(store);
  let batch: Record<string, string> = {};
  let bytes = 0;
  let count = 0;
  for (const [field, value] of fields) {
    const size = Buffer.byteLength(field) + Buffer.byteLength(value) + 8;
    if (size > limit) throw new KvValueTooLargeError(key, field, size, limit);
    if (count > 0 && (bytes + size > limit || count >= BATCH_FIELDS)) {
      yield batch;
      batch = {};
      bytes = 0;
      count = 0;
    }
    batch[field] = value;
    bytes += size;
    count++;
  }
  if (count > 0) yield batch;
}

/** Add fields to a hash, one bounded HSET per batch. Returns the number of new fields. */
export async function addToHash(
  store: Store,
  key: string,
  fields: Iterable<readonly [string, string]>,
  options: { ttlSeconds?: number } = {},
): Promise<number> {
  let written = 0;
  let batches = 0;
  for (const batch of fieldBatches(store, key, fields)) {
    written += await store.redis.hset(key, batch);
    batches++;
  }
  if (options.ttlSeconds !== undefined && batches > 0) await store.redis.expire(key, options.ttlSeconds);
  return written;
}

/**
 * Every field of a hash, a page at a time (HSCAN): the whole hash is never one reply nor one string. A
 * field may come twice when Redis rehashes during the scan; callers that count must dedupe.
 */
export async function* scanHash(store: Store, key: string): AsyncGenerator<[string, string][]> {
  let cursor = "0";
  do {
    const [next, page] = await scanHashPage(store, key, cursor);
    if (page.length > 0) yield page;
    cursor = next;
  } while (cursor !== "0");
}

/**
 * One HSCAN page from `cursor` ("0" to start): the next cursor ("0" at the end) and the fields. The
 * cursor may be kept across steps, so a scan can go on where an earlier step stopped.
 */
export async function scanHashPage(
  store: Store,
  key: string,
  cursor: string,
): Promise<[string, [string, string][]]> {
  const [next, flat] = await store.redis.hscan(key, cursor, { count: SCAN_COUNT });
  const page: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) page.push([String(flat[i]), String(flat[i + 1])]);
  return [String(next), page];
}

/**
 * HMGET in bounded batches, one batch at a time: each batch's fields and their values (null where
 * absent), so a caller can drop a batch's values before the next is read. A batch is at most
 * BATCH_FIELDS fields; with `sized` (a hash of records, which may be large: a database's entry lists
 * thousands of rows) it is also at most a batch's bytes, from the values' sizes read first (HSTRLEN,
 * pipelined), so a reply stays near a batch as requests do.
 */
export async function* hmgetPages(
  store: Store,
  key: string,
  fields: readonly string[],
  { sized = false }: { sized?: boolean } = {},
): AsyncGenerator<[string[], (string | null)[]]> {
  for (let i = 0; i < fields.length; i += BATCH_FIELDS) {
    const slice = fields.slice(i, i + BATCH_FIELDS);
    for (const part of sized ? await bySize(store, key, slice) : [slice]) {
      const raw = (await store.redis.hmget(key, ...part)) as unknown;
      yield [
        part,
        Array.isArray(raw)
          ? (raw as (string | null)[])
          : part.map((f) => (raw as Record<string, string | null> | null)?.[f] ?? null),
      ];
    }
  }
}

/**
 * `items` split in order into runs whose sizes total at most the store's batch (one item over it is a
 * run of its own): how reads of big values (records, bundles) keep each reply near a batch.
 */
export function runsOfBytes<T>(store: Store, items: readonly T[], sizes: readonly number[]): T[][] {
  const limit = batchBytesOf(store);
  const runs: T[][] = [];
  let bytes = Infinity;
  items.forEach((item, i) => {
    const size = Number(sizes[i]);
    if (bytes + size > limit) {
      runs.push([]);
      bytes = 0;
    }
    runs.at(-1)!.push(item);
    bytes += size;
  });
  return runs;
}

/** `fields` in runs of at most a batch's bytes, from their values' sizes (HSTRLEN, pipelined). */
async function bySize(store: Store, key: string, fields: string[]): Promise<string[][]> {
  const sizes = store.redis.pipeline();
  for (const field of fields) sizes.hstrlen(key, field);
  return runsOfBytes(store, fields, await sizes.exec<number[]>());
}

/** HMGET in bounded batches (`hmgetPages`): values in the order of `fields` (null where absent). */
export async function hmgetBatched(
  store: Store,
  key: string,
  fields: readonly string[],
  options: { sized?: boolean } = {},
): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for await (const [, values] of hmgetPages(store, key, fields, options)) out.push(...values);
  return out;
}
