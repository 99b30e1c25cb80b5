import { randomBytes } from "node:crypto";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startKvEmulator } from "../../dev/kv/server";
import { createStore, type Store } from "@/lib/store/redis";
import { dropKeys } from "./cloud";
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
