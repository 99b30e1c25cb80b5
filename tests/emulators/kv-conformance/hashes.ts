/** Conformance cases: hashes (see index.ts). */
import { sorted, scanned, type CaseGroup } from "./case";

export const hashCases = {
  hset: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { title: "Page", views: 1 }),
      () => redis.hset(key("h"), { title: "Other", extra: "x" }),
      () => redis.hgetall(key("h")),
      () => redis.set(key("s"), "v"),
      () => redis.hset(key("s"), { f: "v" }),
    ],
  },
  hmset: {
    steps: ({ redis, key }) => [() => redis.hmset(key("h"), { a: 1, b: 2 }), () => redis.hgetall(key("h"))],
  },
  hsetnx: {
    steps: ({ redis, key }) => [
      () => redis.hsetnx(key("h"), "f", "1"),
      () => redis.hsetnx(key("h"), "f", "2"),
      () => redis.hget(key("h"), "f"),
    ],
  },
  hget: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { f: "v" }),
      () => redis.hget(key("h"), "f"),
      () => redis.hget(key("h"), "nope"),
      () => redis.hget(key("missing"), "f"),
    ],
  },
  hmget: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: "1", b: "2" }),
      () => redis.hmget(key("h"), "a", "c"),
      () => redis.hmget(key("missing"), "a"),
    ],
  },
  hgetall: {
    steps: ({ redis, key }) => [
      () => redis.set(key("s"), "v"),
      () => redis.hgetall(key("s")),
      () => redis.hget(key("s"), "f"),
      () => redis.hset(key("h"), { a: "1", b: { n: 2 } }),
      () => redis.hgetall(key("h")),
      () => redis.hgetall(key("missing")),
    ],
  },
  hkeys: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: 1, b: 2 }),
      () => sorted(redis.hkeys(key("h"))),
    ],
  },
  hvals: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: 1, b: 2 }),
      () => sorted(redis.hvals(key("h")) as Promise<unknown[]>),
    ],
  },
  hlen: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: 1, b: 2 }),
      () => redis.hlen(key("h")),
      () => redis.hlen(key("x")),
    ],
  },
  hexists: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: 1 }),
      () => redis.hexists(key("h"), "a"),
      () => redis.hexists(key("h"), "b"),
    ],
  },
  hdel: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { a: 1, b: 2 }),
      () => redis.hdel(key("h"), "a", "z"),
      () => redis.hdel(key("h"), "b"),
      () => redis.exists(key("h")),
    ],
  },
  hstrlen: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("h"), { f: "héllo" }),
      () => redis.hstrlen(key("h"), "f"),
      () => redis.hstrlen(key("h"), "nope"),
      () => redis.hstrlen(key("missing"), "f"),
    ],
  },
  hincrby: {
    steps: ({ redis, key }) => [
      () => redis.hset(key("big"), { n: "9223372036854775807" }),
      () => redis.hincrby(key("big"), "n", 1),
      () => redis.hincrby(key("h"), "n", 5),
      () => redis.hincrby(key("h"), "n", -7),
      () => redis.hset(key("h"), { t: "abc" }),
      () => redis.hincrby(key("h"), "t", 1),
    ],
  },
  hscan: {
    steps: ({ redis, key }) => [
      () => scanned(redis.hscan(key("missing"), 0)),
      () => redis.hset(key("h"), { alpha: "1", beta: "2", alpine: "3" }),
      () => scanned(redis.hscan(key("h"), 0)),
      () => scanned(redis.hscan(key("h"), 0, { match: "al*" })),
      () => scanned(redis.hscan(key("h"), 0, { match: "al*", count: 1 })),
      () => scanned(redis.hscan(key("h"), 0, { count: 0 })),
      () => redis.set(key("s"), "v"),
      () => scanned(redis.hscan(key("s"), 0)),
    ],
  },
} satisfies CaseGroup;
