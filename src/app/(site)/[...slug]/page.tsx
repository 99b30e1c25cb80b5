import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CachedSiteRoute } from "@/components/site/cached-site-route";
import { missingPage } from "@/components/site/missing-page";
import { SiteUnavailable } from "@/components/site/site-unavailable";
import { missingOutcome, previewMetadata } from "@/lib/cms/missing-page";
import { sitePageOf } from "@/lib/site/cached-reads";
import { siteMetadata, UNAVAILABLE_METADATA } from "@/lib/site/metadata";
import { hydrateSitePage, slugOf } from "@/lib/site/site-page";
import { PRERENDERED_PARAMS } from "@/lib/site/static-params";

// Allowed to block: a page the cache cannot read (Redis down) is rendered per request, never stored.
export const instant = false;

interface Props {
  params: Promise<{ slug: string[] }>;
}

// Pages are rendered on their first request, then served from Next's cache until a publish changes them.
export function generateStaticParams() {
  return PRERENDERED_PARAMS;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const slug = slugOf((await params).slug);
  if (slug === null) return { title: "Page not found" };
  const data = await sitePageOf(slug);
  if (data.state === "unavailable") return UNAVAILABLE_METADATA;
  if (data.state === "missing") {
    const outcome = await missingOutcome(slug);
    if (outcome.kind === "preview") return previewMetadata(outcome.data);
  }
  return siteMetadata(hydrateSitePage(data));
}

export default async function SitePage({ params }: Props) {
  // Params are awaited outside any Suspense boundary: each URL gets its own complete cache entry, and the
  // 404 is decided before anything streams.
  const slug = slugOf((await params).slug);
  if (slug === null) notFound();
  const data = await sitePageOf(slug);
  if (data.state === "unavailable") return <SiteUnavailable />;
  // No public page here: 308 to where it lives now (old slug, page id), an owner's draft preview, or 404.
  if (data.state === "missing") return missingPage(slug);
  return <CachedSiteRoute slug={slug} />;
}
