import Link from "next/link";

const isLoopback = (url: string | undefined) =>
  Boolean(url && /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/i.test(url));

/**
 * Developer instructions belong on a developer's machine (`npm run dev`, or `next start` against the
 * local cloud), not in front of a deployed site's readers.
 */
function runsOnLocalCloud(env: Record<string, string | undefined> = process.env): boolean {
  return env.NODE_ENV !== "production" || isLoopback(env.KV_REST_API_URL ?? env.UPSTASH_REDIS_REST_URL);
}

/** Shown (with HTTP 200) until the first sync publishes something. */
export function EmptySite({ env }: { env?: Record<string, string | undefined> }) {
  if (!runsOnLocalCloud(env)) {
    return (
      <main id="content" className="notice">
        <h1>Nothing published yet</h1>
        <p>This site&apos;s pages appear here as soon as they are published. Please come back later.</p>
      </main>
    );
  }
  return (
    <main id="content" className="notice">
      <h1>Nothing has been synced yet</h1>
      <p>
        This site shows pages from Notion once a sync has copied them into its cache, and none has published
        yet. <code>npm run dev</code> starts the first sync by itself: follow it on the{" "}
        <Link href="/admin">dashboard</Link>.
      </p>
      <p>
        To start one yourself, run this from the project directory (beside <code>npm run dev</code> it needs
        no settings):
      </p>
      <pre>
        <code>npm run sync</code>
      </pre>
      <p>
        Add <code>-- --wait</code> to follow it until it ends, or <code>-- --local</code> to run it without
        the app. Pages appear here as soon as the sync publishes them; reload this page.
      </p>
      <p>
        You see these instructions because the app runs on the local cloud; readers of a deployed site only
        see that nothing is published yet.
      </p>
    </main>
  );
}
