import type { SitePage } from "@/lib/site/site-page";
import { DatabaseView } from "./database-view";
import { EmptySite } from "./empty-site";
import { PageView } from "./page-view";
import { createRenderContext } from "./render-context";
import { SiteShell } from "./site-shell";

/** A loaded site page; "missing" is handled by the route (notFound()) before it gets here. */
export function SiteRoute({ page }: { page: Exclude<SitePage, { state: "missing" }> }) {
  if (page.state === "empty") return <EmptySite />;
  const { bundle } = page;
  return (
    <SiteShell siteTitle={page.siteTitle} breadcrumbs={page.breadcrumbs} syncedAt={bundle.syncedAt}>
      {bundle.kind === "database" ? (
        <DatabaseView bundle={bundle} />
      ) : (
        <PageView bundle={bundle} ctx={createRenderContext(page.resolve, bundle.blocks)} />
      )}
    </SiteShell>
  );
}
