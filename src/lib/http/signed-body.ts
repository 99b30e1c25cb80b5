import type { Queue } from "../queue/qstash";

export type SignedBody =
  | { verified: false }
  /** `json` is undefined when the signed body is not JSON. */
  | { verified: true; json: unknown };

const NOT_JSON = Symbol("not json");

/**
 * Read a request QStash signed for one of our endpoints: the raw body is verified against the exact URL
 * QStash was asked to call (built from APP_URL, never from the request), then parsed.
 */
export async function readSignedBody(
  request: Request,
  queue: Queue | undefined,
  endpoint: "worker" | "callback",
): Promise<SignedBody> {
  const raw = await request.text();
  if (!queue || !(await queue.verify(request.headers.get("upstash-signature"), raw, queue.urls[endpoint]))) {
    return { verified: false };
  }
  let json: unknown = NOT_JSON;
  try {
    json = JSON.parse(raw);
  } catch {
    // reported below as undefined
  }
  return { verified: true, json: json === NOT_JSON ? undefined : json };
}
