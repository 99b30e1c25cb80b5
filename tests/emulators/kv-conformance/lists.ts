/** Conformance cases: lists (see index.ts). */
import { call, type CaseGroup } from "./case";

export const listCases = {
  lpush: {
    steps: ({ redis, key }) => [
      () => redis.lpush(key("l"), "a", "b", "c"),
      () => redis.lrange(key("l"), 0, -1),
    ],
  },
  rpush: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "a", "b"),
      () => redis.rpush(key("l"), "c"),
      () => redis.lrange(key("l"), 0, -1),
      () => redis.set(key("s"), "v"),
      () => redis.rpush(key("s"), "x"),
    ],
  },
  lpop: {
    steps: ({ redis, key }) => [
      () => redis.lpop(key("missing"), 2),
      () => redis.rpush(key("z"), "a"),
      () => redis.lpop(key("z"), 0),
      () => redis.set(key("s"), "v"),
      () => redis.lpop(key("s")),
      () => redis.rpush(key("l"), "a", "b", "c"),
      () => redis.lpop(key("l")),
      () => redis.lpop(key("l"), 5),
      () => redis.lpop(key("l")),
      () => redis.lpop(key("l"), 2),
    ],
  },
  rpop: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "a", "b", "c"),
      () => redis.rpop(key("l")),
      () => redis.rpop(key("l"), 2),
    ],
  },
  llen: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "a", "b"),
      () => redis.llen(key("l")),
      () => redis.llen(key("x")),
    ],
  },
  lindex: {
    steps: ({ redis, key }) => [
      () => redis.lindex(key("missing"), 0),
      () => redis.rpush(key("l"), "a", "b", "c"),
      () => Promise.all([0, 2, -1, -3, 3, -4].map((index) => redis.lindex(key("l"), index))),
    ],
  },
  lrange: {
    steps: ({ redis, key }) => [
      () => redis.set(key("s"), "v"),
      () => redis.lrange(key("s"), 0, -1),
      () => redis.rpush(key("l"), "a", "b", "c"),
      () => redis.lrange(key("l"), -2, 10),
      () => redis.lrange(key("l"), 2, 1),
      () => redis.lrange(key("missing"), 0, -1),
    ],
  },
  ltrim: {
    steps: ({ redis, key }) => [
      () => redis.ltrim(key("missing"), 0, 1),
      () => redis.rpush(key("l"), "a", "b", "c"),
      () => redis.ltrim(key("l"), 0, 1),
      () => redis.lrange(key("l"), 0, -1),
      () => redis.ltrim(key("l"), 5, 10),
      () => redis.exists(key("l")),
    ],
  },
  lrem: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "a", "b", "a", "c", "a"),
      () => redis.lrem(key("l"), -2, "a"),
      () => redis.lrange(key("l"), 0, -1),
      () => redis.lrem(key("l"), 0, "a"),
    ],
  },
  lpushx: {
    steps: ({ redis, key }) => [
      () => redis.lpushx(key("missing"), "a"),
      () => redis.exists(key("missing")),
      () => redis.rpush(key("l"), "x"),
      () => redis.lpushx(key("l"), "a", "b", "c"),
      () => redis.lrange(key("l"), 0, -1),
    ],
  },
  rpushx: {
    steps: ({ redis, key }) => [
      () => redis.rpushx(key("missing"), "a"),
      () => redis.rpush(key("l"), "x"),
      () => redis.rpushx(key("l"), "a", "b", "c"),
      () => redis.lrange(key("l"), 0, -1),
    ],
  },
  lset: {
    steps: ({ redis, key }) => [
      () => redis.lset(key("missing"), 0, "v"),
      () => redis.rpush(key("l"), "a", "b"),
      () => redis.lset(key("l"), -1, "B"),
      () => redis.lset(key("l"), 2, "c"),
      () => redis.lset(key("l"), -3, "c"),
      () => redis.lrange(key("l"), 0, -1),
    ],
  },
  linsert: {
    steps: ({ redis, key }) => [
      () => redis.linsert(key("missing"), "before", "a", "b"),
      () => redis.rpush(key("l"), "a", "c"),
      () => redis.linsert(key("l"), "before", "c", "b"),
      () => redis.linsert(key("l"), "after", "c", "d"),
      () => redis.linsert(key("l"), "after", "nope", "x"),
      () => redis.lrange(key("l"), 0, -1),
    ],
  },
  lmove: {
    steps: ({ redis, key }) => [
      () => redis.lmove(key("missing"), key("dst"), "left", "right"),
      () => redis.rpush(key("src"), "a", "b", "c"),
      () => redis.lmove(key("src"), key("dst"), "left", "left"),
      () => redis.lmove(key("src"), key("dst"), "right", "left"),
      () => redis.lmove(key("src"), key("src"), "left", "right"),
      () => Promise.all([redis.lrange(key("src"), 0, -1), redis.lrange(key("dst"), 0, -1)]),
      () => redis.set(key("s"), "v"),
      () => redis.lmove(key("src"), key("s"), "left", "left"),
      () => redis.lrange(key("src"), 0, -1),
    ],
  },
  rpoplpush: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () => redis.rpush(key("src"), "a", "b"),
      () => call(redis, "return redis.call('rpoplpush', KEYS[1], KEYS[2])", [key("src"), key("dst")]),
      () => call(redis, "return redis.call('rpoplpush', KEYS[1], KEYS[2])", [key("missing"), key("dst")]),
      () => Promise.all([redis.lrange(key("src"), 0, -1), redis.lrange(key("dst"), 0, -1)]),
    ],
  },
} satisfies CaseGroup;
