import { RedisReplyError } from "../errors";
import { formatFloat, parseFloatArg, parseInteger, upper } from "./args";
import type { CommandTable } from "./command-spec";
import type { Keyspace, ZsetEntry, ZsetValue } from "./keyspace";
import {
  ordered,
  parseRangeOptions,
  parseScoreBound,
  rangeReply,
  selectRange,
  withinScore,
} from "./sorted-set-ranges";

const ZADD_FLAGS = new Set(["NX", "XX", "GT", "LT", "CH", "INCR"]);

function zadd(ks: Keyspace, [key, ...rest]: string[]) {
  const flags = new Set<string>();
  while (rest.length > 0 && ZADD_FLAGS.has(upper(rest[0]))) flags.add(upper(rest.shift()));
  if (rest.length === 0 || rest.length % 2 !== 0) throw new RedisReplyError("ERR syntax error");
  if (flags.has("NX") && flags.has("XX")) {
    throw new RedisReplyError("ERR XX and NX options at the same time are not compatible");
  }
  if ((flags.has("GT") && flags.has("LT")) || (flags.has("NX") && (flags.has("GT") || flags.has("LT")))) {
    throw new RedisReplyError("ERR GT, LT, and/or NX options at the same time are not compatible");
  }
  if (flags.has("INCR") && rest.length > 2) {
    throw new RedisReplyError("ERR INCR option supports a single increment-element pair");
  }
  // Parse every score before touching the set: a bad score must change nothing.
  const pairs = [];
  for (let i = 0; i < rest.length; i += 2)
    pairs.push({ score: parseFloatArg(rest[i]!), member: rest[i + 1]! });
  const zset: ZsetValue = ks.read(key!, "zset") ?? new Map<string, ZsetEntry>();
  let added = 0;
  let changed = 0;
  let incrResult: number | null = null;
  for (const { score, member } of pairs) {
    const existing = zset.get(member);
    if ((flags.has("NX") && existing) || (flags.has("XX") && !existing)) continue;
    const next = flags.has("INCR") ? (existing?.score ?? 0) + score : score;
    if (Number.isNaN(next)) throw new RedisReplyError("ERR resulting score is not a number (NaN)");
    if (
      existing &&
      ((flags.has("GT") && !(next > existing.score)) || (flags.has("LT") && !(next < existing.score)))
    ) {
      continue;
    }
    if (!existing) added++;
    else if (existing.score !== next) changed++;
    zset.set(member, { score: next, value: member });
    incrResult = next;
  }
  ks.writeCollection(key!, zset);
  if (flags.has("INCR")) return incrResult === null ? null : formatFloat(incrResult);
  return flags.has("CH") ? added + changed : added;
}

/** ZPOPMIN/ZPOPMAX: without a count one pair (or none), with one up to that many. */
function pop(ks: Keyspace, key: string, countArg: string | undefined, lowest: boolean): string[] {
  const count = countArg === undefined ? 1 : parseInteger(countArg);
  if (count < 0) throw new RedisReplyError("ERR value is out of range, must be positive");
  const zset = ks.read(key, "zset");
  if (!zset) return [];
  const byScore = ordered(zset);
  const taken = (lowest ? byScore : byScore.reverse()).slice(0, count);
  for (const entry of taken) zset.delete(entry.value);
  ks.writeCollection(key, zset);
  return taken.flatMap((entry) => [entry.value, formatFloat(entry.score)]);
}

function popChecked(ks: Keyspace, key: string, count: string | undefined, extra: string[], lowest: boolean) {
  if (extra.length > 0) throw new RedisReplyError("ERR syntax error");
  return pop(ks, key, count, lowest);
}

function removeWhere(ks: Keyspace, key: string, doomed: (zset: ZsetValue) => string[]): number {
  const zset = ks.read(key, "zset");
  if (!zset) return 0;
  const members = doomed(zset);
  for (const member of members) zset.delete(member);
  ks.writeCollection(key, zset);
  return members.length;
}

export const sortedSetCommands = {
  zadd: { arity: -4, write: true, run: zadd },
  zrange: {
    arity: -4,
    write: false,
    run: (ks, [key, start, stop, ...words]) => {
      const request = parseRangeOptions(words);
      const zset = ks.read(key!, "zset");
      return zset ? rangeReply(selectRange(zset, start!, stop!, request), request.withScores) : [];
    },
  },
  zrevrange: {
    arity: -4,
    write: false,
    run: (ks, [key, start, stop, ...words]) => {
      const request = { ...parseRangeOptions(words.filter((w) => upper(w) === "WITHSCORES")), rev: true };
      if (words.some((w) => upper(w) !== "WITHSCORES")) throw new RedisReplyError("ERR syntax error");
      const zset = ks.read(key!, "zset");
      return zset ? rangeReply(selectRange(zset, start!, stop!, request), request.withScores) : [];
    },
  },
  zrangebyscore: {
    arity: -4,
    write: false,
    run: (ks, [key, min, max, ...words]) => {
      const request = parseRangeOptions(words, { by: "score" });
      const zset = ks.read(key!, "zset");
      return zset ? rangeReply(selectRange(zset, min!, max!, request), request.withScores) : [];
    },
  },
  zcard: { arity: 2, write: false, run: (ks, [key]) => ks.read(key!, "zset")?.size ?? 0 },
  zscore: {
    arity: 3,
    write: false,
    run: (ks, [key, member]) => {
      const entry = ks.read(key!, "zset")?.get(member!);
      return entry ? formatFloat(entry.score) : null;
    },
  },
  zcount: {
    arity: 4,
    write: false,
    run: (ks, [key, min, max]) => {
      const [low, high] = [parseScoreBound(min!), parseScoreBound(max!)];
      return ordered(ks.read(key!, "zset") ?? new Map<string, ZsetEntry>()).filter((e) =>
        withinScore(e.score, low, high),
      ).length;
    },
  },
  zrank: {
    arity: 3,
    write: false,
    run: (ks, [key, member]) => {
      const index = ordered(ks.read(key!, "zset") ?? new Map<string, ZsetEntry>()).findIndex(
        (e) => e.value === member,
      );
      return index === -1 ? null : index;
    },
  },
  zrevrank: {
    arity: 3,
    write: false,
    run: (ks, [key, member]) => {
      const index = ordered(ks.read(key!, "zset") ?? new Map<string, ZsetEntry>())
        .reverse()
        .findIndex((e) => e.value === member);
      return index === -1 ? null : index;
    },
  },
  zincrby: {
    arity: 4,
    write: true,
    run: (ks, [key, increment, member]) => zadd(ks, [key!, "INCR", increment!, member!]),
  },
  zmscore: {
    arity: -3,
    write: false,
    run: (ks, [key, ...members]) => {
      const zset = ks.read(key!, "zset");
      return members.map((member) => {
        const entry = zset?.get(member);
        return entry ? formatFloat(entry.score) : null;
      });
    },
  },
  zpopmin: {
    arity: -2,
    write: true,
    run: (ks, [key, count, ...extra]) => popChecked(ks, key!, count, extra, true),
  },
  zpopmax: {
    arity: -2,
    write: true,
    run: (ks, [key, count, ...extra]) => popChecked(ks, key!, count, extra, false),
  },
  zrem: {
    arity: -3,
    write: true,
    run: (ks, [key, ...members]) => removeWhere(ks, key!, (zset) => members.filter((m) => zset.has(m))),
  },
  zremrangebyrank: {
    arity: 4,
    write: true,
    run: (ks, [key, start, stop]) =>
      removeWhere(ks, key!, (zset) =>
        selectRange(zset, start!, stop!, parseRangeOptions([])).map((e) => e.value),
      ),
  },
  zremrangebyscore: {
    arity: 4,
    write: true,
    run: (ks, [key, min, max]) =>
      removeWhere(ks, key!, (zset) =>
        selectRange(zset, min!, max!, parseRangeOptions([], { by: "score" })).map((e) => e.value),
      ),
  },
} satisfies CommandTable;
