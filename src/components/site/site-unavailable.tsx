import Link from "next/link";
import { SiteShell } from "./site-shell";

/**
 * A page not cached yet could not be read (the cache, Redis, is unreachable). Pages cached before the
 * outage keep being served; this view is rendered per request, never cached, until the cache answers.
 */
export function SiteUnavailable() {
  return (
    <SiteShell siteTitle="Temporarily unavailable">
      <div className="notice" role="alert">
        <h1>This page is temporarily unavailable</h1>
        <p>
          It could not be loaded just now. Other pages of this site still work; this one will be back as soon
          as the site&apos;s cache answers again. Please try again in a minute, or start from the{" "}
          <Link href="/">home page</Link>.
        </p>
      </div>
    </SiteShell>
  );
}
