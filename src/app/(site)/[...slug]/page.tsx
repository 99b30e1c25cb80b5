import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CachedSiteRoute } from "@/components/site/cached-site-route";
import { SiteUnavailable } from "@/components/site/site-unavailable";
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
  return data.state === "unavailable" ? UNAVAILABLE_METADATA : siteMetadata(hydrateSitePage(data));
}

export default async function SitePage({ params }: Props) {
  // Params are awaited outside any Suspense boundary: each URL gets its own complete cache entry, and the
  // 404 is decided before anything streams.
  const slug = slugOf((await params).slug);
  if (slug === null) notFound();
  const data = await sitePageOf(slug);
  if (data.state === "unavailable") return <SiteUnavailable />;
  if (data.state === "missing") notFound();
  return <CachedSiteRoute slug={slug} />;
}
