/** Conformance cases: sorted sets (see index.ts). */
import { scanned, call, type CaseGroup } from "./case";

export const sortedSetCases = {
  zadd: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => redis.zadd(key("z"), { ch: true }, { score: 5, member: "a" }, { score: 3, member: "c" }),
      () => redis.zadd(key("z"), { gt: true }, { score: 1, member: "a" }),
      () => redis.zadd(key("z"), { lt: true, ch: true }, { score: 1, member: "a" }),
      () => redis.zadd(key("z"), { nx: true }, { score: 9, member: "a" }),
      () => redis.zadd(key("z"), { xx: true }, { score: 9, member: "new" }),
      () => redis.zadd(key("z"), { incr: true }, { score: 2.5, member: "a" }),
      () => redis.zrange(key("z"), 0, -1, { withScores: true }),
    ],
  },
  zrange: {
    steps: ({ redis, key }) => [
      () => redis.zrange(key("missing"), 0, -1),
      () => redis.set(key("s"), "v"),
      () => redis.zrange(key("s"), 0, -1),
      () =>
        redis.zadd(
          key("z"),
          { score: 1, member: "a" },
          { score: 2.5, member: "b" },
          { score: 3, member: "c" },
        ),
      () => redis.zrange(key("z"), 0, -1, { withScores: true }),
      () => redis.zrange(key("z"), 0, 0, { rev: true }),
      () => redis.zrange(key("z"), "(1", "+inf", { byScore: true }),
      () => redis.zrange(key("z"), "+inf", "-inf", { byScore: true, rev: true, offset: 1, count: 1 }),
      () => redis.zrange(key("z"), "[b", "+", { byLex: true }),
    ],
  },
  zrevrange: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => call(redis, "return redis.call('zrevrange', KEYS[1], 0, -1, 'withscores')", [key("z")]),
    ],
  },
  zrangebyscore: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () =>
        redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }, { score: 3, member: "c" }),
      () =>
        call(redis, "return redis.call('zrangebyscore', KEYS[1], '(1', 'inf', 'limit', 0, 1)", [key("z")]),
    ],
  },
  zcard: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }),
      () => redis.zcard(key("z")),
      () => redis.zcard(key("x")),
    ],
  },
  zscore: {
    steps: ({ redis, raw, key }) => [
      () => {
        const scores = [0.1, 1e21, 1.5e-7, -0.5, 1e17, 0.00001, 9.2e18, -4503599627370497];
        const [first, ...rest] = scores.map((score, i) => ({ score, member: `m${i}` }));
        return raw.zadd(key("f"), first!, ...rest);
      },
      () => raw.zscore(key("f"), "m0"),
      () => raw.zincrby(key("f"), 0.2, "m0"),
      () => raw.zrange(key("f"), 0, -1, { withScores: true }),
      () => raw.zscan(key("f"), 0),
      () => redis.hset(key("h"), { f: "v" }),
      () => redis.zscore(key("h"), "f"),
      () => redis.zcard(key("h")),
      () => redis.zadd(key("z"), { score: 1.5, member: "a" }),
      () => redis.zscore(key("z"), "a"),
      () => redis.zscore(key("z"), "b"),
    ],
  },
  zcount: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => redis.zcount(key("z"), "(1", "+inf"),
      () => redis.zcount(key("z"), "-inf", 1),
    ],
  },
  zrank: {
    steps: ({ redis, key }) => [
      () => redis.zrank(key("missing"), "a"),
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => redis.zrank(key("z"), "b"),
      () => redis.zrank(key("z"), "nope"),
    ],
  },
  zrevrank: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => redis.zrevrank(key("z"), "b"),
    ],
  },
  zincrby: {
    steps: ({ redis, key }) => [
      () => redis.set(key("s"), "v"),
      () => redis.zincrby(key("s"), 1, "a"),
      () => redis.zincrby(key("z"), 2.5, "a"),
      () => redis.zincrby(key("z"), -1, "a"),
    ],
  },
  zmscore: {
    steps: ({ redis, raw, key }) => [
      () => redis.zadd(key("z"), { score: 1.5, member: "a" }, { score: 0.1, member: "b" }),
      () => raw.zmscore(key("z"), ["a", "nope", "b"]),
      () => redis.zmscore(key("missing"), ["a"]),
    ],
  },
  zpopmin: {
    steps: ({ redis, raw, key }) => [
      () => redis.zpopmin(key("missing")),
      () =>
        redis.zadd(key("z"), { score: 3, member: "c" }, { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => raw.zpopmin(key("z")),
      () => raw.zpopmin(key("z"), 0),
      () => raw.zpopmin(key("z"), 5),
      () => redis.exists(key("z")),
    ],
  },
  zpopmax: {
    steps: ({ redis, raw, key }) => [
      () =>
        redis.zadd(
          key("z"),
          { score: 0.1, member: "a" },
          { score: 2, member: "b" },
          { score: 2, member: "c" },
        ),
      () => raw.zpopmax(key("z"), 2),
      () => raw.zpopmax(key("z")),
      () => raw.zpopmax(key("z")),
    ],
  },
  zrem: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }),
      () => redis.zrem(key("z"), "a", "b"),
      () => redis.exists(key("z")),
    ],
  },
  zremrangebyrank: {
    steps: ({ redis, key }) => [
      () =>
        redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }, { score: 3, member: "c" }),
      () => redis.zremrangebyrank(key("z"), 0, 1),
      () => redis.zrange(key("z"), 0, -1),
    ],
  },
  zremrangebyscore: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("z"), { score: 1, member: "a" }, { score: 2, member: "b" }),
      () => redis.zremrangebyscore(key("z"), "(1", "+inf"),
      () => redis.zrange(key("z"), 0, -1),
    ],
  },
  zscan: {
    steps: ({ redis, key }) => [
      () =>
        redis.zadd(
          key("z"),
          { score: 2, member: "beta" },
          { score: 1.5, member: "alpha" },
          { score: 3, member: "alpine" },
        ),
      () => scanned(redis.zscan(key("z"), 0)),
      () => scanned(redis.zscan(key("z"), 0, { match: "al*" })),
      () => scanned(redis.zscan(key("missing"), 0, { match: "al*" })),
    ],
  },
  zunionstore: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("self"), { score: 1, member: "x" }),
      () => redis.zunionstore(key("self"), 1, [key("self")], { weights: [3] }),
      () => redis.zrange(key("self"), 0, -1, { withScores: true }),
      () => redis.set(key("str"), "v"),
      () => redis.zunionstore(key("dst"), 2, [key("self"), key("str")]),
      () => redis.zadd(key("a"), { score: 1, member: "x" }, { score: 2, member: "y" }),
      () => redis.sadd(key("b"), "y", "z"),
      () => redis.zunionstore(key("dst"), 2, [key("a"), key("b")], { weights: [2, 3] }),
      () => redis.zrange(key("dst"), 0, -1, { withScores: true }),
      () => redis.zunionstore(key("dst"), 2, [key("a"), key("b")], { aggregate: "max" }),
      () => redis.zrange(key("dst"), 0, -1, { withScores: true }),
    ],
  },
  zinterstore: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("a"), { score: 1, member: "x" }, { score: 2, member: "y" }),
      () => redis.zadd(key("b"), { score: 10, member: "y" }, { score: 20, member: "z" }),
      () => redis.zinterstore(key("dst"), 2, [key("a"), key("b")], { weights: [2, 0.5] }),
      () => redis.zrange(key("dst"), 0, -1, { withScores: true }),
      () => redis.zinterstore(key("dst"), 2, [key("a"), key("b")], { aggregate: "min", weights: [1, 1] }),
      () => redis.zrange(key("dst"), 0, -1, { withScores: true }),
      () => redis.zinterstore(key("dst"), 2, [key("a"), key("missing")]),
      () => redis.exists(key("dst")),
    ],
  },
  zunion: {
    steps: ({ redis, key }) => [
      () => redis.zadd(key("a"), { score: 1, member: "x" }, { score: 2, member: "y" }),
      () => redis.zadd(key("b"), { score: 3, member: "y" }),
      () => redis.zunion(2, [key("a"), key("b")], { withScores: true }),
      () => redis.zunion(2, [key("a"), key("b")], { aggregate: "min" }),
    ],
  },
  zinter: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () => redis.zadd(key("a"), { score: 1, member: "x" }, { score: 2, member: "y" }),
      () => redis.zadd(key("b"), { score: 3, member: "y" }),
      () =>
        call(redis, "return redis.call('zinter', 2, KEYS[1], KEYS[2], 'withscores')", [key("a"), key("b")]),
      () => call(redis, "return redis.call('zinter', 0, KEYS[1])", [key("a")]),
    ],
  },
} satisfies CaseGroup;
