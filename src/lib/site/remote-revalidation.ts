/** What a publish outside the app (the CLI's --local) tells the running app to invalidate. */
export interface RemoteRevalidation {
  appUrl: string;
  secret: string;
  tags: readonly string[];
  generation: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type RemoteRevalidationResult = { ok: true } | { ok: false; reason: string };

/**
 * POST the changed tags to the app's revalidation route. Never throws: when the app is not running the
 * publish still stands (the app compares generations when it starts), and the caller says so.
 */
export async function revalidateRemotely(options: RemoteRevalidation): Promise<RemoteRevalidationResult> {
  const url = `${options.appUrl.replace(/\/+$/, "")}/api/revalidate`;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: { authorization: `Bearer ${options.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ tags: options.tags, generation: options.generation }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (response.ok) return { ok: true };
    return { ok: false, reason: `${url} answered ${response.status}` };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `the app at ${options.appUrl} is not reachable (${detail})` };
  }
}
