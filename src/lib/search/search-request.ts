import { searchConfig } from "../config";
import type { Store } from "../store/redis";
import { admitSearch } from "../store/search-index";
import { searchSite, type SearchResultView } from "./query";

export type SearchOutcome =
  | { state: "ok"; results: SearchResultView[] }
  | { state: "limited"; retryAfter: number; message: string }
  | { state: "unavailable"; message: string };

/**
 * One search by one client, as the API and the /search page run it: counted against the client's
 * limit (in Redis, so it holds across serverless instances) in the same round trip that reads which
 * index generation is live, then answered from this process's copy of that generation.
 */
export async function runSearch(
  store: Store,
  client: string,
  q: string,
  limit: number,
  now = Date.now(),
): Promise<SearchOutcome> {
  const config = searchConfig();
  let admission;
  try {
    admission = await admitSearch(store, client, config.rateWindowSeconds, now);
  } catch {
    return {
      state: "unavailable",
      message: "Search is unavailable: the site's cache (Redis) cannot be reached. Try again in a minute.",
    };
  }
  if (admission.count > config.rateLimit) {
    const window = config.rateWindowSeconds;
    const retryAfter = window - (Math.floor(now / 1000) % window);
    return {
      state: "limited",
      retryAfter,
      message: `Too many searches: at most ${config.rateLimit} per ${window} s. Try again in ${retryAfter} s.`,
    };
  }
  return { state: "ok", results: await searchSite(store, admission.meta, q, limit) };
}
