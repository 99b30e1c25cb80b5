import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startKvEmulator } from "../../dev/kv/server";
import { createStore, type Store } from "@/lib/store/redis";
import { dropKeys, TEST_REDIS_URL } from "./cloud";
import { startKvSizeProxy, type KvSizeProxy } from "./kv-size-proxy";

/**
 * A store on a fresh KV emulator (on `redisUrl`, else its embedded store) reached through a size proxy,
 * with a small batch: what tests that bound requests and replies start from. `close` drops its keys.
 */
export async function measuredStore(
  redisUrl: string | undefined,
  { batchBytes, maxRequestBytes }: { batchBytes: number; maxRequestBytes?: number },
): Promise<{ store: Store; proxy: KvSizeProxy; close: () => Promise<void> }> {
  const kv = await startKvEmulator({ port: 0, redisUrl, maxRequestBytes });
  const proxy = await startKvSizeProxy(kv.url);
  const store: Store = {
    ...createStore({
      url: proxy.url,
      token: DEV_DEFAULTS.kvToken,
      prefix: `t${randomBytes(4).toString("hex")}`,
    }),
    limits: { batchBytes },
  };
  return {
    store,
    proxy,
    close: async () => {
      await dropKeys(store);
      await proxy.close();
      await kv.close();
    },
  };
}

/** A measured store, once the suite started it. */
export interface MeasuredKv {
  store: Store;
  proxy: KvSizeProxy;
}

/**
 * A suite run on both KV backends, the embedded store of `npm run dev` and a real Redis, each behind a
 * size proxy (`measuredStore`): started before the suite's tests, its keys dropped after. `title` names
 * the backend where it says `%s`.
 */
export function describeOnKvBackends(
  title: string,
  options: { batchBytes: number; maxRequestBytes?: number },
  tests: (kv: MeasuredKv) => void,
): void {
  describe.each([
    ["embedded store", undefined],
    ["Redis", TEST_REDIS_URL],
  ])(title, (_name, redisUrl) => {
    const kv = {} as MeasuredKv;
    let close = () => Promise.resolve();
    beforeAll(async () => {
      ({ store: kv.store, proxy: kv.proxy, close } = await measuredStore(redisUrl, options));
    });
    afterAll(() => close());
    tests(kv);
  });
}
