/** What a conformance case is, and the helpers cases share (see index.ts). */
import type { Redis } from "@upstash/redis";
import type { ServedCommand } from "../../../dev/kv/embedded/command-table";

export interface CaseContext {
  redis: Redis;
  /** The same connection without the SDK's JSON deserialisation: replies exactly as sent. */
  raw: Redis;
  /** A key of this case's own (a fixed per-run prefix, the same on both backends). */
  key: (name: string) => string;
}

type Step = () => Promise<unknown>;

export interface ConformanceCase {
  steps(ctx: CaseContext): Step[];
  /** The SDK has no method for this command, so the case reaches it from a script (EVAL). */
  viaScript?: true;
}

export const sorted = async (answer: Promise<unknown[]>) => [...(await answer)].map(String).sort();
/** SCAN-like answers: cursor first, then the page; pages are compared as sets. */
export const scanned = async (answer: Promise<[string | number, unknown[]]>) => {
  const [cursor, page] = await answer;
  return [String(cursor), page.map(String)];
};
export const call = (redis: Redis, script: string, keys: string[], args: unknown[] = []) =>
  redis.eval(script, keys, args);
export const expiretime = (redis: Redis, key: string) =>
  call(redis, "return redis.call('expiretime', KEYS[1])", [key]);
export const FAR_FUTURE = 4_102_444_800; // 2100-01-01, so absolute expiries compare exactly

/** A group of cases; `satisfies` keeps its keys to commands the store serves. */
export type CaseGroup = Partial<Record<ServedCommand, ConformanceCase>>;

/**
 * TTL rounded up to 10 s: under load a request may land after a second boundary on one backend
 * and before it on the other, so "100" and "99" are the same answer here. -1 and -2 stay exact.
 */
export const roughTtl = async (redis: Redis, key: string) => {
  const seconds = await redis.ttl(key);
  return seconds > 0 ? Math.ceil(seconds / 10) * 10 : seconds;
};
