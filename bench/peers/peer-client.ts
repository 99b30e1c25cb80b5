import { Client, LogLevel } from "@notionhq/client";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { TIME_SCALE } from "../config";

/**
 * The official client as a peer tool would build it: SDK defaults (2 retries on 429, honouring
 * Retry-After), no throttle. One adjustment for the time scale: Notion's `Retry-After: 1` (the only value
 * seen at 3 req/s) must mean 1 s ÷ TIME_SCALE here, and the SDK parses whole seconds only, so its retry
 * delays are capped at that scaled second.
 */
export function peerClient(baseUrl: string): Client {
  return new Client({
    auth: DEV_DEFAULTS.notionToken,
    baseUrl,
    logLevel: LogLevel.ERROR,
    retry: { maxRetries: 2, initialRetryDelayMs: 1000 / TIME_SCALE, maxRetryDelayMs: 1000 / TIME_SCALE },
  });
}
