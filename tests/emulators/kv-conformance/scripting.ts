/** Conformance cases: scripting (see index.ts). */
import type { CaseGroup } from "./case";

export const scriptingCases = {
  eval: {
    steps: ({ redis, key }) => [
      () => redis.eval("return {1, 'two', {3}, false, 5.9}", [], []),
      () => redis.eval("return redis.call('set', KEYS[1], ARGV[1])", [key("a")], ["v"]),
      () => redis.eval("return redis.pcall('incr', KEYS[1])", [key("a")], []),
      () => redis.eval("return redis.status_reply('DONE')", [], []),
      () => redis.eval("local x = 1\nerror('boom')", [], []),
      () => redis.eval("return {err = 'My Error'}", [], []),
    ],
  },
  evalsha: {
    steps: ({ redis }) => [
      async () => redis.evalsha(await redis.scriptLoad("return ARGV[1]"), [], ["hi"]),
      () => redis.evalsha("0000000000000000000000000000000000000000", [], []),
    ],
  },
  eval_ro: {
    steps: ({ redis, key }) => [
      () => redis.set(key("a"), "v"),
      () => redis.evalRo("return redis.call('get', KEYS[1])", [key("a")], []),
      () => redis.evalRo("return redis.call('set', KEYS[1], 'x')", [key("a")], []),
    ],
  },
  evalsha_ro: {
    steps: ({ redis }) => [async () => redis.evalshaRo(await redis.scriptLoad("return 7"), [], [])],
  },
  script: {
    steps: ({ redis }) => [
      () => redis.scriptLoad("return 'loaded'"),
      async () =>
        redis.scriptExists(
          await redis.scriptLoad("return 'loaded'"),
          "0000000000000000000000000000000000000000",
        ),
    ],
  },
} satisfies CaseGroup;
