import { DEFAULT_STEP_BUDGET_MS } from "@/lib/config";

/**
 * Sizes and the time scale of the benchmarks. Notion allows ~3 requests/s and answers in 100–600 ms;
 * at that pace a 1,000-page sync takes many minutes, so every run is time-scaled: the emulator's rate
 * is ×TIME_SCALE and its latency ÷TIME_SCALE. Ratios (wall ÷ ideal, ours ÷ peers) are what matter.
 */
export const TIME_SCALE = 10;
/** Notion's documented average rate (requests/s) and the emulator's bucket size. */
export const NOTION_RATE = 3;
export const NOTION_BURST = 10;
export const SCALED_RATE = NOTION_RATE * TIME_SCALE;
/** Typical Notion answer times (ms, real scale) used for the rate runs. */
export const RATE_RUN_LATENCY = { min: 100, max: 400 };
/** Latencies the peers are compared at (ms, real scale). */
export const PEER_LATENCIES = [50, 150, 600];
/** The engine's shipped defaults (src/lib/config.ts: NOTION_RATE_BURST, NOTION_CONCURRENCY). */
export const ENGINE_BURST = 10;
export const ENGINE_CONCURRENCY = 6;
/** The shipped SYNC_STEP_BUDGET_MS (the worker's 300 s maxDuration − 60 s), scaled. */
export const CONTINUATION_BUDGET_MS = DEFAULT_STEP_BUDGET_MS / TIME_SCALE;

export interface BenchSizes {
  /** Full syncs for rate utilisation and call efficiency; the last one also gets the incremental runs. */
  ratePages: number[];
  peerPages: number;
  memoryPages: number[];
  continuationPages: number;
  triggers: number;
  ttfbRequests: number;
  autocannonSeconds: number;
  /** Documents in the search-library comparison. */
  searchPages: number[];
  /** Pages of the workspace force-synced alone and during a random-file-id flood (issue 11). */
  floodPages: number;
  /** Requests of that flood, at least (it lasts until the sync ends). */
  floodRequests: number;
  /** Workspaces whose no-change and one-edit syncs are counted (issue 14: ≤ 5 calls + containers). */
  incrementalPages: number[];
}

export const FULL_SIZES: BenchSizes = {
  ratePages: [100, 1_000],
  peerPages: 300,
  memoryPages: [10_000, 100_000],
  continuationPages: 100_000,
  triggers: 1_000,
  ttfbRequests: 500,
  autocannonSeconds: 10,
  searchPages: [1_000, 10_000],
  floodPages: 300,
  floodRequests: 2_000,
  incrementalPages: [1_000, 10_000, 100_000],
};

export const QUICK_SIZES: BenchSizes = {
  ratePages: [100, 200],
  peerPages: 50,
  memoryPages: [300, 2_000],
  continuationPages: 2_000,
  triggers: 200,
  ttfbRequests: 200,
  autocannonSeconds: 5,
  searchPages: [300, 1_000],
  floodPages: 100,
  floodRequests: 2_000,
  incrementalPages: [1_000, 10_000],
};

/** Scale a real-world duration (ms) to bench time. */
export const scaled = (ms: number) => ms / TIME_SCALE;
