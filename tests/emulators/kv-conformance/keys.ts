/** Conformance cases: keys (see index.ts). */
import { sorted, call, expiretime, FAR_FUTURE, roughTtl, type CaseGroup } from "./case";

export const keyCases = {
  del: {
    steps: ({ redis, key }) => [
      () => redis.mset({ [key("a")]: 1, [key("b")]: 2 }),
      () => redis.del(key("a"), key("b"), key("c")),
    ],
  },
  unlink: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), 1),
      () => redis.unlink(key("a"), key("b")),
      () => redis.exists(key("a")),
    ],
  },
  exists: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), 1),
      () => redis.exists(key("a"), key("a"), key("b")),
    ],
  },
  touch: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), 1),
      () => redis.touch(key("a"), key("b")),
      () => redis.touch(key("missing")),
    ],
  },
  expire: {
    steps: ({ redis, key }) => [
      () => redis.expire(key("missing"), 100),
      () => redis.set(key("a"), "v"),
      () => redis.expire(key("a"), 100, "XX"),
      () => redis.expire(key("a"), 100, "NX"),
      () => redis.expire(key("a"), 50, "GT"),
      () => redis.expire(key("a"), 200, "gt"),
      () => redis.expire(key("a"), 300, "LT"),
      () => redis.expire(key("a"), 100, "lt"),
      () => roughTtl(redis, key("a")),
      () => redis.expire(key("a"), 0),
      () => redis.exists(key("a")),
    ],
  },
  pexpire: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v"),
      () => redis.pexpire(key("a"), 100_000),
      () => roughTtl(redis, key("a")),
    ],
  },
  expireat: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v"),
      () => redis.expireat(key("a"), FAR_FUTURE),
      () => expiretime(redis, key("a")),
      () => redis.expireat(key("a"), 1),
      () => redis.exists(key("a")),
    ],
  },
  pexpireat: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v"),
      () => redis.pexpireat(key("a"), FAR_FUTURE * 1000 + 1),
      () => expiretime(redis, key("a")),
    ],
  },
  ttl: {
    steps: ({ redis, key }) => [
      () => roughTtl(redis, key("missing")),
      () => redis.set(key("a"), "v"),
      () => roughTtl(redis, key("a")),
      () => redis.set(key("a"), "v", { ex: 100 }),
      () => roughTtl(redis, key("a")),
    ],
  },
  pttl: {
    steps: ({ redis, key }) => [
      () => redis.pttl(key("missing")),
      () => redis.set(key("a"), "v"),
      () => redis.pttl(key("a")),
      () => redis.set(key("a"), "v", { px: 100_000 }),
      async () => {
        const left = await redis.pttl(key("a"));
        return left > 90_000 && left <= 100_000;
      },
    ],
  },
  expiretime: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () => expiretime(redis, key("missing")),
      () => redis.set(key("a"), "v"),
      () => expiretime(redis, key("a")),
      () => redis.set(key("a"), "v", { pxat: FAR_FUTURE * 1000 + 999 }),
      () => expiretime(redis, key("a")),
    ],
  },
  pexpiretime: {
    viaScript: true,
    steps: ({ redis, key }) => [
      () => call(redis, "return redis.call('pexpiretime', KEYS[1])", [key("missing")]),
      () => redis.set(key("a"), "v", { pxat: FAR_FUTURE * 1000 + 5 }),
      () => call(redis, "return redis.call('pexpiretime', KEYS[1])", [key("a")]),
    ],
  },
  persist: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v", { ex: 100 }),
      () => redis.persist(key("a")),
      () => redis.persist(key("a")),
      () => roughTtl(redis, key("a")),
    ],
  },
  type: {
    steps: ({ redis, key }) => [
      () => redis.set(key("s"), "v"),
      () => redis.hset(key("h"), { f: "v" }),
      () => redis.rpush(key("l"), "v"),
      () => redis.sadd(key("set"), "v"),
      () => redis.zadd(key("z"), { score: 1, member: "v" }),
      () => Promise.all(["s", "h", "l", "set", "z", "missing"].map((name) => redis.type(key(name)))),
    ],
  },
  rename: {
    steps: ({ redis, key }) => [
      () => redis.set(key("same"), "v"),
      () => redis.rename(key("same"), key("same")),
      () => redis.get(key("same")),
      () => redis.rename(key("missing"), key("b")),
      () => redis.set(key("a"), "v", { ex: 100 }),
      () => redis.set(key("b"), "old"),
      () => redis.rename(key("a"), key("b")),
      () => redis.get(key("b")),
      () => roughTtl(redis, key("b")),
      () => redis.exists(key("a")),
    ],
  },
  renamenx: {
    steps: ({ redis, key }) => [
      () => redis.renamenx(key("missing"), key("b")),
      () => redis.set(key("a"), "v", { ex: 100 }),
      () => redis.set(key("taken"), "old"),
      () => redis.renamenx(key("a"), key("taken")),
      () => redis.renamenx(key("a"), key("a")),
      () => redis.renamenx(key("a"), key("b")),
      () => Promise.all([redis.get(key("b")), roughTtl(redis, key("b")), redis.exists(key("a"))]),
    ],
  },
  copy: {
    steps: ({ redis, key }) => [
      () => redis.copy(key("missing"), key("b")),
      () => redis.rpush(key("a"), "x", "y"),
      () => redis.expire(key("a"), 100),
      () => redis.copy(key("a"), key("b")),
      () => redis.rpush(key("b"), "z"),
      () =>
        Promise.all([
          redis.lrange(key("a"), 0, -1),
          redis.lrange(key("b"), 0, -1),
          roughTtl(redis, key("b")),
        ]),
      () => redis.copy(key("a"), key("b")),
      () => redis.copy(key("a"), key("b"), { replace: true }),
      () => redis.lrange(key("b"), 0, -1),
      () => redis.copy(key("a"), key("a")),
    ],
  },
  keys: {
    steps: ({ redis, key }) => [
      () => redis.mset({ [key("a1")]: 1, [key("a2")]: 2, [key("b1")]: 3 }),
      () => sorted(redis.keys(key("a*"))),
      () => sorted(redis.keys(key("?1"))),
      () => sorted(redis.keys(key("[ab]2"))),
    ],
  },
  scan: {
    steps: ({ redis, key }) => [
      () => redis.mset(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [key(`k${i}`), i]))),
      () => redis.sadd(key("set"), "x"),
      async () => {
        const seen: string[] = [];
        let cursor: string | number = 0;
        do {
          const [next, page]: [string | number, string[]] = await redis.scan(cursor, {
            match: key("*"),
            count: 7,
          });
          seen.push(...page);
          cursor = next;
        } while (String(cursor) !== "0");
        return seen.sort();
      },
      async () => {
        let found: string[] = [];
        let cursor: string | number = 0;
        do {
          const [next, page]: [string | number, string[]] = await redis.scan(cursor, {
            match: key("*"),
            type: "set",
          });
          found = found.concat(page);
          cursor = next;
        } while (String(cursor) !== "0");
        return found;
      },
      () => redis.scan("nope"),
    ],
  },
  dbsize: {
    steps: ({ redis, key }) => [
      () => redis.flushdb(),
      () => redis.mset({ [key("a")]: 1, [key("b")]: 2, [key("c")]: 3 }),
      () => redis.dbsize(),
    ],
  },
  flushdb: {
    steps: ({ redis, key }) => [
      () => redis.mset({ [key("a")]: 1, [key("b")]: 2 }),
      () => redis.flushdb({ async: true }),
      () => redis.exists(key("a"), key("b")),
      () => redis.flushdb(),
    ],
  },
  ping: { steps: ({ redis }) => [() => redis.ping(), () => redis.ping(["hello"])] },
  echo: { steps: ({ redis }) => [() => redis.echo("hello"), () => redis.echo("")] },
  time: {
    steps: ({ redis }) => [
      async () => {
        const [seconds, micros] = (await redis.time()).map(Number);
        return [Math.abs(seconds! - Date.now() / 1000) < 60, micros! >= 0 && micros! < 1_000_000];
      },
    ],
  },
} satisfies CaseGroup;
