import Link from "next/link";
import { SiteShell } from "@/components/site/site-shell";
import { cachedSiteTitle } from "@/lib/site/cached-reads";
import { siteTitleOf } from "@/lib/site/page-resolver";

export default async function NotFound() {
  // A cached read (one Redis command the first time only); a cache outage must not hide the 404.
  const title = await cachedSiteTitle().catch(() => null);
  return (
    <SiteShell siteTitle={title || siteTitleOf(null)}>
      <div className="notice">
        <h1>Page not found</h1>
        <p>There is no page at this address. It may have been moved, renamed or unpublished in Notion.</p>
        <p>
          If it was added in Notion moments ago, it will appear after the next sync. Meanwhile, start from the{" "}
          <Link href="/">home page</Link>.
        </p>
      </div>
    </SiteShell>
  );
}
