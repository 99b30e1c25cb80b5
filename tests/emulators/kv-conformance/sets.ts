/** Conformance cases: sets (see index.ts). */
import { sorted, scanned, type CaseGroup } from "./case";

export const setCases = {
  sadd: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("s"), "x", "y", "x"),
      () => redis.sadd(key("s"), "x"),
      () => sorted(redis.smembers(key("s"))),
    ],
  },
  srem: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("s"), "x", "y"),
      () => redis.srem(key("s"), "x", "z"),
      () => redis.srem(key("s"), "y"),
      () => redis.exists(key("s")),
    ],
  },
  smembers: {
    steps: ({ redis, raw, key }) => [
      () => redis.sadd(key("ints"), "3", "-1", "10", "2"),
      () => raw.smembers(key("ints")),
      () => raw.sscan(key("ints"), 0),
      () => redis.rpush(key("l"), "v"),
      () => redis.smembers(key("l")),
      () => redis.scard(key("l")),
      () => redis.sadd(key("s"), "b", "a"),
      () => sorted(redis.smembers(key("s"))),
      () => redis.smembers(key("x")),
    ],
  },
  scard: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("s"), "a", "b"),
      () => redis.scard(key("s")),
      () => redis.scard(key("x")),
    ],
  },
  sismember: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("s"), "a"),
      () => redis.sismember(key("s"), "a"),
      () => redis.sismember(key("s"), "b"),
    ],
  },
  smismember: {
    steps: ({ redis, key }) => [
      () => redis.smismember(key("missing"), ["a"]),
      () => redis.sadd(key("s"), "a", "c"),
      () => redis.smismember(key("s"), ["a", "b", "c"]),
    ],
  },
  sinter: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("a"), "1", "2", "3"),
      () => redis.sadd(key("b"), "2", "3", "4"),
      () => sorted(redis.sinter(key("a"), key("b"))),
      () => redis.sinter(key("a"), key("missing")),
      () => redis.set(key("s"), "v"),
      () => redis.sinter(key("a"), key("s")),
    ],
  },
  sunion: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("a"), "1", "2"),
      () => redis.sadd(key("b"), "2", "3"),
      () => sorted(redis.sunion(key("a"), key("b"), key("missing"))),
    ],
  },
  sdiff: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("a"), "1", "2", "3"),
      () => redis.sadd(key("b"), "2"),
      () => sorted(redis.sdiff(key("a"), key("b"), key("missing"))),
    ],
  },
  sinterstore: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("self"), "1", "2"),
      () => redis.sinterstore(key("self"), key("self"), key("self")),
      () => redis.smembers(key("self")),
      () => redis.sadd(key("a"), "1", "2"),
      () => redis.sadd(key("b"), "2", "3"),
      () => redis.sinterstore(key("dst"), key("a"), key("b")),
      () => redis.smembers(key("dst")),
      () => redis.sinterstore(key("dst"), key("a"), key("missing")),
      () => redis.exists(key("dst")),
    ],
  },
  sunionstore: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("a"), "1"),
      () => redis.set(key("dst"), "old"),
      () => redis.sunionstore(key("dst"), key("a"), key("missing")),
      () => redis.type(key("dst")),
    ],
  },
  sdiffstore: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("a"), "1", "2"),
      () => redis.sadd(key("b"), "1"),
      () => redis.sdiffstore(key("dst"), key("a"), key("b")),
      () => redis.smembers(key("dst")),
    ],
  },
  smove: {
    steps: ({ redis, key }) => [
      () => redis.smove(key("missing"), key("b"), "x"),
      () => redis.sadd(key("a"), "x", "y"),
      () => redis.smove(key("a"), key("b"), "x"),
      () => redis.smove(key("a"), key("b"), "nope"),
      () => redis.smove(key("a"), key("a"), "y"),
      () => Promise.all([redis.smembers(key("a")), redis.smembers(key("b"))]),
      () => redis.set(key("s"), "v"),
      () => redis.smove(key("a"), key("s"), "y"),
    ],
  },
  sscan: {
    steps: ({ redis, key }) => [
      () => redis.sadd(key("s"), "apple", "avocado", "banana"),
      async () => {
        const [cursor, page] = await redis.sscan(key("s"), 0, { match: "a*" });
        return [String(cursor), page.map(String).sort()];
      },
      () => scanned(redis.sscan(key("missing"), 0)),
    ],
  },
} satisfies CaseGroup;
