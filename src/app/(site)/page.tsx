import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CachedSiteRoute } from "@/components/site/cached-site-route";
import { SiteUnavailable } from "@/components/site/site-unavailable";
import { sitePageOf } from "@/lib/site/cached-reads";
import { siteMetadata, UNAVAILABLE_METADATA } from "@/lib/site/metadata";
import { hydrateSitePage } from "@/lib/site/site-page";

// Allowed to block: a page the cache cannot read (Redis down) is rendered per request, never stored.
export const instant = false;

export async function generateMetadata(): Promise<Metadata> {
  const data = await sitePageOf("");
  return data.state === "unavailable" ? UNAVAILABLE_METADATA : siteMetadata(hydrateSitePage(data));
}

export default async function HomePage() {
  const data = await sitePageOf("");
  if (data.state === "unavailable") return <SiteUnavailable />;
  if (data.state === "missing") notFound();
  return <CachedSiteRoute slug={""} />;
}
