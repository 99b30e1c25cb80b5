import { createHash } from "node:crypto";
import { z } from "zod";
import { runSearch } from "../search/search-request";
import { getStore, type Store } from "../store/redis";
import { errorResponse, fail, json } from "./responses";

export const MAX_LIMIT = 20;
const LIMIT_RULE = `limit must be a whole number from 1 to ${MAX_LIMIT}`;

export const SearchQuery = z.object({
  q: z
    .string({ error: "q is required: the words to search for, e.g. /api/search?q=notion" })
    .trim()
    .min(1, "q is empty: give the words to search for, e.g. /api/search?q=notion")
    .max(200, "q is too long: at most 200 characters"),
  limit: z.coerce
    .number({ error: LIMIT_RULE })
    .int(LIMIT_RULE)
    .min(1, LIMIT_RULE)
    .max(MAX_LIMIT, LIMIT_RULE)
    .default(10),
});

/**
 * Who is asking, for the rate limit: the first forwarded address (set by Vercel's edge), hashed so no
 * address is stored in Redis. Without a proxy header every client shares one bucket, which fails safe.
 */
export function clientKey(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const address = forwarded || headers.get("x-real-ip")?.trim() || "unknown";
  return createHash("sha256").update(address).digest("base64url").slice(0, 22);
}

/** GET /api/search?q=&limit= → { results: [{ title, url, snippet, breadcrumb }] } */
export async function handleSearch(request: Request, store?: Store): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const parsed = SearchQuery.safeParse({
    q: params.get("q") ?? undefined,
    limit: params.get("limit") ?? undefined,
  });
  if (!parsed.success) {
    return fail(400, `Bad request: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  try {
    const { q, limit } = parsed.data;
    const outcome = await runSearch(store ?? getStore(), clientKey(request.headers), q, limit);
    if (outcome.state === "limited") {
      return json({ ok: false, error: outcome.message }, 429, { "retry-after": String(outcome.retryAfter) });
    }
    if (outcome.state === "unavailable") {
      return json({ ok: false, error: outcome.message }, 503, { "retry-after": "30" });
    }
    return json({
      results: outcome.results.map(({ title, url, snippet, breadcrumb }) => ({
        title,
        url,
        snippet,
        breadcrumb,
      })),
    });
  } catch (error) {
    return errorResponse(error);
  }
}
