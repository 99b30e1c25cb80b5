/**
 * Runs the QStash emulator alone:
 *   tsx dev/qstash/main.ts [--port 8080] [--host 127.0.0.1] [--data .data] [--time-scale 1] [--quiet]
 */
import { parseArgs } from "node:util";
import { DEV_DEFAULTS } from "../defaults";
import { startQStashEmulator } from "./index";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: String(DEV_DEFAULTS.qstashPort) },
    host: { type: "string", default: DEV_DEFAULTS.host },
    data: { type: "string" },
    "time-scale": { type: "string", default: "1" },
    quiet: { type: "boolean", default: false },
  },
});

const timeScale = Number(values["time-scale"]);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || !(timeScale >= 0)) {
  console.error(
    "usage: tsx dev/qstash/main.ts [--port 8080] [--host 127.0.0.1] [--data .data] [--time-scale 1]",
  );
  process.exit(2);
}

const log = (level: string) => (msg: string, data?: object) => {
  if (!values.quiet || level === "warn") console.log(msg, data ? JSON.stringify(data) : "");
};

const emulator = await startQStashEmulator({
  port,
  host: values.host,
  dataDir: values.data,
  timeScale,
  logger: { info: log("info"), warn: log("warn") },
});

console.log(
  `QStash emulator on ${emulator.url}${values.data ? ` (state in ${values.data}/qstash.json)` : ""}`,
);
console.log(`  QSTASH_URL=${emulator.url}`);
console.log(`  QSTASH_TOKEN=${emulator.token}`);
console.log(`  QSTASH_CURRENT_SIGNING_KEY=${emulator.currentSigningKey}`);
console.log(`  QSTASH_NEXT_SIGNING_KEY=${emulator.nextSigningKey}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void emulator.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
