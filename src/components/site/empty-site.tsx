/** Shown (with HTTP 200) until the first sync publishes something: says why, and how to fix it. */
export function EmptySite() {
  return (
    <main id="content" className="notice">
      <h1>Nothing has been synced yet</h1>
      <p>
        This site shows pages from Notion once they have been copied into its cache, and the first sync has
        not run yet.
      </p>
      <p>Start one from the project directory:</p>
      <pre>
        <code>npm run sync</code>
      </pre>
      <p>
        On a deployed site, the daily cron job runs it, or call <code>/api/sync/trigger</code> with your{" "}
        <code>SYNC_SECRET</code>. Pages appear here as soon as the sync publishes them; reload this page.
      </p>
    </main>
  );
}
