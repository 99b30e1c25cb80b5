import { batchBytesOf, runsOfBytes } from "./manifest-chunks";
import type { Store } from "./redis";

/**
 * Nothing big in one value, bundles included: a bundle whose JSON is over the store's batch size (a
 * database listing of thousands of rows, a very long page) is stored as parts of at most that size
 * (`<key>:part:1` … `<key>:part:n`), and its own key holds only `#parts:<n>`. A bundle's JSON always
 * starts with `{`, so the two cannot be confused. Readers get the JSON whole: the route script joins
 * the parts in Redis, `readBundleValues` joins them here.
 */
const PARTS_HEAD = "#parts:";

export function partKey(key: string, part: number): string {
  return `${key}:part:${part}`;
}

/** The number of parts a stored value names, or 0 when it is a whole bundle. */
export function partsOf(value: string): number {
  if (!value.startsWith(PARTS_HEAD)) return 0;
  const n = Number(value.slice(PARTS_HEAD.length));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * Split a string into pieces of at most `maxBytes` UTF-8 bytes each, never inside a character (a
 * piece boundary never falls between the halves of a surrogate pair).
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError("a piece must hold at least one character (4 bytes)");
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + maxBytes);
    while (Buffer.byteLength(text.slice(start, end)) > maxBytes) {
      const over = Buffer.byteLength(text.slice(start, end)) - maxBytes;
      // Each UTF-16 unit is at most 3 UTF-8 bytes: dropping ⌈over/3⌉ units may still be too few.
      end -= Math.max(1, Math.ceil(over / 3));
    }
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/**
 * Store a bundle's JSON under `key` with a TTL: whole when it fits one batch, else its parts first and
 * then the head that names them, each write no bigger than a batch. Returns the number of parts (0).
 */
export async function setBundleValue(
  store: Store,
  key: string,
  json: string,
  ttlSeconds: number,
): Promise<number> {
  const limit = batchBytesOf(store);
  if (Buffer.byteLength(json) <= limit) {
    await store.redis.set(key, json, { ex: ttlSeconds });
    return 0;
  }
  const pieces = splitUtf8(json, limit);
  for (const [i, piece] of pieces.entries()) {
    await store.redis.set(partKey(key, i + 1), piece, { ex: ttlSeconds });
  }
  await store.redis.set(key, `${PARTS_HEAD}${pieces.length}`, { ex: ttlSeconds });
  return pieces.length;
}

/**
 * Lua: the value at `key` with its parts joined, or false when it or one of its parts is gone. Used
 * inside the route scripts so a page is still one round trip.
 */
export const LUA_READ_BUNDLE = `
local function read_bundle(key)
  local value = redis.call('GET', key)
  if not value then return false end
  local n = string.match(value, '^#parts:(%d+)$')
  if not n then return value end
  local parts = {}
  for i = 1, tonumber(n) do
    local part = redis.call('GET', key .. ':part:' .. i)
    if not part then return false end
    parts[i] = part
  end
  return table.concat(parts)
end
`;

/**
 * Bundles' JSON by key (null where gone), parts joined. Replies stay near a batch, as requests do: the
 * values' sizes are read first (STRLEN, pipelined), then MGETs of at most a batch's worth of them; a
 * bundle in parts reads its parts (each at most a batch) one GET after another. The SDK pipelines
 * commands sent together into one request, so nothing here is sent concurrently. One key is read with
 * one GET: a stored value is never over a batch.
 */
export async function readBundleValues(store: Store, keys: readonly string[]): Promise<(string | null)[]> {
  if (keys.length === 0) return [];
  const heads = keys.length === 1 ? [await store.redis.get<string>(keys[0]!)] : await readHeads(store, keys);
  const out: (string | null)[] = [];
  for (const [i, key] of keys.entries()) {
    const value = heads[i];
    const n = typeof value === "string" ? partsOf(value) : 0;
    out.push(typeof value !== "string" ? null : n === 0 ? value : await readParts(store, key, n));
  }
  return out;
}

async function readParts(store: Store, key: string, n: number): Promise<string | null> {
  const parts: string[] = [];
  for (let j = 1; j <= n; j++) {
    const part = await store.redis.get<string>(partKey(key, j));
    if (typeof part !== "string") return null;
    parts.push(part);
  }
  return parts.join("");
}

/** The values at `keys` (a bundle in parts: its head), in MGETs of at most a batch's bytes each. */
async function readHeads(store: Store, keys: readonly string[]): Promise<(string | null)[]> {
  const sizes = store.redis.pipeline();
  for (const key of keys) sizes.strlen(key);
  const lengths = await sizes.exec<number[]>();
  const values: (string | null)[] = keys.map(() => null);
  // 0: no such key (no bundle is empty). It may appear meanwhile; it was not there when asked.
  const present = keys.flatMap((_, i) => (Number(lengths[i]) > 0 ? [i] : []));
  const groups = runsOfBytes(
    store,
    present,
    present.map((i) => lengths[i]!),
  );
  for (const group of groups) {
    const got = await store.redis.mget<(string | null)[]>(...group.map((i) => keys[i]!));
    group.forEach((i, j) => (values[i] = typeof got[j] === "string" ? got[j] : null));
  }
  return values;
}

// For each bundle key: PERSIST it (or DEL it), and its parts when its head names some. GETRANGE reads
// only the head's first bytes, never a whole bundle.
const EACH_BUNDLE = (command: "PERSIST" | "DEL") => `
local count = 0
for _, key in ipairs(KEYS) do
  local head = redis.call('GETRANGE', key, 0, 31)
  local n = string.match(head, '^#parts:(%d+)$')
  if n then
    for i = 1, tonumber(n) do redis.call('${command}', key .. ':part:' .. i) end
  end
  count = count + redis.call('${command}', key)
end
return count
`;
const PERSIST_BUNDLES = EACH_BUNDLE("PERSIST");
const DELETE_BUNDLES = EACH_BUNDLE("DEL");

/** Stop these bundles (and their parts) from expiring: their generation is being published. */
export async function persistBundles(store: Store, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await store.redis.eval(PERSIST_BUNDLES, [...keys], []);
}

/** Delete these bundles and their parts. Returns how many bundle keys existed. */
export async function deleteBundles(store: Store, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  return Number(await store.redis.eval<string[], number>(DELETE_BUNDLES, [...keys], []));
}
