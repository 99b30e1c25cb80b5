/**
 * Runs the KV emulator alone: `tsx dev/kv/main.ts [--port 8079] [--host 127.0.0.1] [--data .data]
 * [--token …] [--memory]`. With REDIS_URL set it proxies to that Redis; otherwise it uses the
 * embedded store, persisted to `<data>/kv.json` unless --memory is given.
 */
import { parseArgs } from "node:util";
import { DEV_DEFAULTS } from "../defaults";
import { startKvEmulator } from "./index";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    data: { type: "string" },
    token: { type: "string" },
    memory: { type: "boolean", default: false },
  },
});

const port = values.port === undefined ? DEV_DEFAULTS.kvPort : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`Invalid --port ${values.port ?? ""}: give a number between 0 and 65535.`);
  process.exit(1);
}

const redisUrl = process.env.REDIS_URL || undefined;
const emulator = await startKvEmulator({
  port,
  host: values.host,
  token: values.token,
  redisUrl,
  dataDir: values.memory ? undefined : (values.data ?? DEV_DEFAULTS.dataDir),
  logger: console,
});

console.log(`KV emulator (Upstash Redis REST) on ${emulator.url}, backend: ${emulator.backend}`);
console.log(`  KV_REST_API_URL=${emulator.url}`);
console.log(`  KV_REST_API_TOKEN=${emulator.token}`);

const shutdown = () => {
  void emulator.close().then(() => process.exit(0));
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
