/** Conformance cases: strings (see index.ts). */
import { expiretime, FAR_FUTURE, roughTtl, type CaseGroup } from "./case";

export const stringCases = {
  get: {
    steps: ({ redis, key }) => [
      () => redis.set(key("s"), "v"),
      () => redis.get(key("s")),
      () => redis.get(key("missing")),
      () => redis.lpush(key("list"), "a"),
      () => redis.get(key("list")),
    ],
  },
  set: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "1", { nx: true }),
      () => redis.set(key("a"), "2", { nx: true }),
      () => redis.set(key("b"), "1", { xx: true }),
      () => redis.set(key("a"), "3", { get: true }),
      () => redis.set(key("a"), "4", { ex: 100 }),
      () => roughTtl(redis, key("a")),
      () => redis.set(key("a"), "5", { keepTtl: true }),
      () => roughTtl(redis, key("a")),
      () => redis.set(key("a"), "6", { exat: FAR_FUTURE }),
      () => expiretime(redis, key("a")),
      () => redis.set(key("a"), "7", { pxat: FAR_FUTURE * 1000 }),
      () => redis.set(key("a"), "8"),
      () => roughTtl(redis, key("a")),
      () => redis.set(key("a"), "9", { ex: 0 }),
      () => redis.set(key("a"), "9", { ex: -5 }),
      () => redis.get(key("a")),
    ],
  },
  setnx: {
    steps: ({ redis, key }) => [
      () => redis.setnx(key("a"), "1"),
      () => redis.setnx(key("a"), "2"),
      () => redis.get(key("a")),
    ],
  },
  setex: {
    steps: ({ redis, key }) => [
      () => redis.setex(key("a"), 100, "v"),
      () => roughTtl(redis, key("a")),
      () => redis.setex(key("a"), 0, "v"),
    ],
  },
  psetex: {
    steps: ({ redis, key }) => [
      () => redis.psetex(key("a"), 100_000, "v"),
      () => roughTtl(redis, key("a")),
      () => redis.psetex(key("a"), -1, "v"),
    ],
  },
  getset: {
    steps: ({ redis, key }) => [
      () => redis.getset(key("a"), "1"),
      () => redis.getset(key("a"), "2"),
      () => redis.get(key("a")),
    ],
  },
  getdel: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "x"),
      () => redis.getdel(key("l")),
      () => redis.set(key("a"), "v"),
      () => redis.getdel(key("a")),
      () => redis.getdel(key("a")),
      () => redis.exists(key("a")),
    ],
  },
  mget: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "1"),
      () => redis.sadd(key("set"), "x"),
      () => redis.mget(key("a"), key("missing"), key("set")),
    ],
  },
  mset: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "old", { ex: 100 }),
      () => redis.mset({ [key("a")]: "1", [key("b")]: { n: 2 } }),
      () => redis.mget(key("a"), key("b")),
      () => roughTtl(redis, key("a")),
    ],
  },
  msetnx: {
    steps: ({ redis, key }) => [
      () => redis.msetnx({ [key("a")]: "1", [key("b")]: "2" }),
      () => redis.msetnx({ [key("b")]: "3", [key("c")]: "4" }),
      () => redis.mget(key("a"), key("b"), key("c")),
    ],
  },
  incr: {
    steps: ({ redis, key }) => [
      () => redis.incr(key("n")),
      () => redis.incr(key("n")),
      () => redis.set(key("text"), "abc"),
      () => redis.incr(key("text")),
      () => redis.set(key("max"), "9223372036854775807"),
      () => redis.incr(key("max")),
    ],
  },
  incrby: {
    steps: ({ redis, key }) => [
      () => redis.set(key("float"), "1.5"),
      () => redis.incrby(key("float"), 1),
      () => redis.incrby(key("n"), 41),
      () => redis.incrby(key("n"), -50),
    ],
  },
  decr: { steps: ({ redis, key }) => [() => redis.decr(key("n")), () => redis.decr(key("n"))] },
  decrby: { steps: ({ redis, key }) => [() => redis.decrby(key("n"), 7), () => redis.get(key("n"))] },
  append: {
    steps: ({ redis, key }) => [
      () => redis.rpush(key("l"), "x"),
      () => redis.append(key("l"), "x"),
      () => redis.append(key("a"), "Hello"),
      () => redis.append(key("a"), " ünï"),
      () => redis.get(key("a")),
    ],
  },
  strlen: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "héllo"),
      () => redis.strlen(key("a")),
      () => redis.strlen(key("missing")),
    ],
  },
  getex: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v"),
      () => redis.getex(key("a"), { ex: 100 }),
      () => roughTtl(redis, key("a")),
      () => redis.getex(key("a"), { persist: true }),
      () => roughTtl(redis, key("a")),
      () => redis.getex(key("missing"), { ex: 100 }),
      () => redis.getex(key("a"), { ex: 0 }),
      () => redis.getex(key("missing"), { ex: 0 }),
      // An absolute time in the past deletes the key but still answers its value, in a pipeline too.
      async () => {
        const pipeline = redis.pipeline();
        pipeline.set(key("p"), "gone soon");
        pipeline.getex(key("p"), { exat: 1 });
        pipeline.exists(key("p"));
        return pipeline.exec();
      },
      async () => {
        const transaction = redis.multi();
        transaction.set(key("m"), "gone soon");
        transaction.getex(key("m"), { pxat: 1000 });
        transaction.get(key("m"));
        return transaction.exec();
      },
    ],
  },
  getrange: {
    steps: ({ redis, key }) => [
      () => redis.getrange(key("missing"), 0, 10),
      () => redis.set(key("a"), "Hello World"),
      () => redis.getrange(key("a"), 0, 4),
      () => redis.getrange(key("a"), -5, -1),
      () => redis.getrange(key("a"), 6, 100),
      () => redis.getrange(key("a"), -100, 2),
      () => redis.getrange(key("a"), 5, 2),
      () => redis.getrange(key("a"), -1, -5),
      () => redis.getrange(key("a"), 0, -100),
    ],
  },
  setrange: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "Hello World"),
      () => redis.setrange(key("a"), 6, "Redis"),
      () => redis.get(key("a")),
      () => redis.setrange(key("b"), 3, "x"),
      () => redis.strlen(key("b")),
      () => redis.setrange(key("c"), 5, ""),
      () => redis.exists(key("c")),
      () => redis.setrange(key("a"), -1, "x"),
    ],
  },
} satisfies CaseGroup;
