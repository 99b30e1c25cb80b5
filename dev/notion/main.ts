/**
 * CLI: `tsx dev/notion/main.ts [--port 8090] [--generate 10000] [--depth 4] [--blocks 12] [--seed 1]
 * [--rate 3] [--burst 10] [--rate-model bucket|window] [--window-budget 180] [--window-ms 60000]
 * [--search-lag-ms 0] [--no-rate-limit] [--latency 50 | --latency 20-120] [--quiet]`
 */
import { parseArgs } from "node:util";
import { DEV_DEFAULTS } from "../defaults";
import type { Latency } from "./api-pipeline";
import { generateWorkspace } from "./generator";
import { startNotionEmulator } from "./server";

function parseLatency(raw: string | undefined): Latency | undefined {
  if (raw === undefined) return undefined;
  const [min, max] = raw.split("-").map(Number);
  if (min === undefined || Number.isNaN(min))
    throw new Error(`--latency expects ms or min-max, got "${raw}"`);
  return max === undefined || Number.isNaN(max) ? min : { min, max };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: String(DEV_DEFAULTS.notionPort) },
      host: { type: "string", default: DEV_DEFAULTS.host },
      token: { type: "string", default: DEV_DEFAULTS.notionToken },
      generate: { type: "string" },
      depth: { type: "string", default: "4" },
      blocks: { type: "string", default: "12" },
      databases: { type: "string", default: "2" },
      seed: { type: "string", default: "1" },
      rate: { type: "string" },
      burst: { type: "string" },
      "rate-model": { type: "string" },
      "window-budget": { type: "string" },
      "window-ms": { type: "string" },
      "search-lag-ms": { type: "string" },
      "no-rate-limit": { type: "boolean", default: false },
      latency: { type: "string" },
      quiet: { type: "boolean", default: false },
    },
  });
  const seed = Number(values.seed);
  const model = values["rate-model"];
  if (model !== undefined && model !== "bucket" && model !== "window") {
    throw new Error(`--rate-model expects bucket or window, got "${model}"`);
  }
  const num = (raw: string | undefined) => (raw === undefined ? undefined : Number(raw));
  const generated = values.generate
    ? generateWorkspace({
        seed,
        pages: Number(values.generate),
        depth: Number(values.depth),
        blocksPerPage: Number(values.blocks),
        databases: Number(values.databases),
      })
    : undefined;
  const emulator = await startNotionEmulator({
    port: Number(values.port),
    host: values.host,
    token: values.token,
    workspace: generated?.workspace,
    seed,
    rate: values.rate ? Number(values.rate) : undefined,
    burst: values.burst ? Number(values.burst) : undefined,
    rateModel: model,
    windowBudget: num(values["window-budget"]),
    windowMs: num(values["window-ms"]),
    searchLagMs: num(values["search-lag-ms"]),
    rateLimit: !values["no-rate-limit"],
    latencyMs: parseLatency(values.latency),
    logger: values.quiet ? undefined : { info: (m) => console.log(m), warn: (m) => console.warn(m) },
  });
  console.log(
    [
      `Notion emulator: ${emulator.url}`,
      `  NOTION_API_URL=${emulator.url}`,
      `  NOTION_TOKEN=${values.token}`,
      `  NOTION_ROOT_PAGE_ID=${emulator.rootPageId}`,
    ].join("\n"),
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
