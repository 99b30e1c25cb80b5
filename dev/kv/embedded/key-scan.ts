import { RedisReplyError } from "../errors";
import { parseInteger, upper } from "./args";
import { globToRegExp } from "./glob";
import type { Keyspace } from "./keyspace";

/**
 * SCAN over the embedded keyspace with Redis' guarantee: a key present for the whole iteration is
 * returned. Keys are visited in the order of a 32-bit hash and the cursor is "next hash to visit",
 * so deletions and insertions elsewhere never shift the position. The sorted order is cached until
 * the next write.
 */
export class KeyScanner {
  private sorted: { hash: number; key: string }[] | undefined;

  constructor(private readonly ks: Keyspace) {}

  /** Called after every write: the key set may have changed. */
  invalidate(): void {
    this.sorted = undefined;
  }

  scan(args: string[]): [string, string[]] {
    const cursor = parseInteger(args[0]!, "ERR invalid cursor");
    if (cursor < 0) throw new RedisReplyError("ERR invalid cursor");
    const { count, match, type } = parseScanOptions(args.slice(1));
    const order = this.order();
    let index = lowerBound(order, cursor);
    const page: string[] = [];
    let lastHash = -1;
    // Keys sharing a hash are returned together, so the next cursor never splits them.
    while (index < order.length && (page.length < count || order[index]!.hash === lastHash)) {
      const entry = order[index++]!;
      lastHash = entry.hash;
      page.push(entry.key);
    }
    const next = index >= order.length ? 0 : lastHash + 1;
    const visible = page.filter(
      (key) => this.ks.exists(key) && (!match || match.test(key)) && (!type || this.ks.typeOf(key) === type),
    );
    return [String(next), visible];
  }

  private order() {
    this.sorted ??= this.ks
      .keys()
      .map((key) => ({ hash: hashKey(key), key }))
      .sort((a, b) => a.hash - b.hash || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.sorted;
  }
}

function parseScanOptions(options: string[]) {
  let count = 10;
  let match: RegExp | undefined;
  let type: string | undefined;
  for (let i = 0; i < options.length; i += 2) {
    const name = upper(options[i]);
    const value = options[i + 1];
    if (value === undefined) throw new RedisReplyError("ERR syntax error");
    if (name === "COUNT") {
      count = parseInteger(value);
      if (count < 1) throw new RedisReplyError("ERR syntax error");
    } else if (name === "MATCH") match = globToRegExp(value);
    else if (name === "TYPE") type = value.toLowerCase();
    else throw new RedisReplyError("ERR syntax error");
  }
  return { count, match, type };
}

function lowerBound(order: readonly { hash: number }[], hash: number): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (order[mid]!.hash < hash) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** FNV-1a over UTF-16 code units: cheap, stable across restarts. */
function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
