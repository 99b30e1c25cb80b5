import { notFound, permanentRedirect } from "next/navigation";
import { missingOutcome } from "@/lib/cms/missing-page";
import { hydrateSitePage } from "@/lib/site/site-page";
import { SiteRoute } from "./site-route";

/**
 * The answer for a slug with no public page: 308 to where the page lives now, the owner's draft preview
 * (draft mode, never cached), or the 404 page. Awaited by the route before it returns anything.
 */
export async function missingPage(slug: string) {
  const outcome = await missingOutcome(slug);
  if (outcome.kind === "redirect") permanentRedirect(outcome.path);
  if (outcome.kind === "none") notFound();
  const page = hydrateSitePage(outcome.data);
  if (page.state !== "found") notFound();
  return (
    <>
      <p className="preview-banner" role="status">
        Draft preview: only you can see this page.{" "}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- an API route; a prefetch must not leave the preview */}{" "}
        <a href="/api/preview?exit=1&slug=">Leave preview</a>
      </p>
      <SiteRoute page={page} />
    </>
  );
}
