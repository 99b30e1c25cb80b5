import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SiteRoute } from "@/components/site/site-route";
import { siteMetadata } from "@/lib/site/metadata";
import { sitePageOfRequest } from "@/lib/site/request-data";
import { slugOf } from "@/lib/site/site-page";

// Every request reads the current generation, so a newly published sync is visible at once.
export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ slug: string[] }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const slug = slugOf((await params).slug);
  if (slug === null) return { title: "Page not found" };
  return siteMetadata(await sitePageOfRequest(slug));
}

export default async function SitePage({ params }: Props) {
  const slug = slugOf((await params).slug);
  if (slug === null) notFound();
  const page = await sitePageOfRequest(slug);
  if (page.state === "missing") notFound();
  return <SiteRoute page={page} />;
}
