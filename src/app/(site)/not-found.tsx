import Link from "next/link";
import { SiteShell } from "@/components/site/site-shell";
import { siteTitleOf } from "@/lib/site/page-resolver";
import { manifestOfRequest } from "@/lib/site/request-data";

export default async function NotFound() {
  // Shares the manifest read of the page that called notFound(); a cache outage must not hide the 404.
  const manifest = await manifestOfRequest().catch(() => null);
  return (
    <SiteShell siteTitle={siteTitleOf(manifest)}>
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
