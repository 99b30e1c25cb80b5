import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SiteRoute } from "@/components/site/site-route";
import { siteMetadata } from "@/lib/site/metadata";
import { sitePageOfRequest } from "@/lib/site/request-data";

// Every request reads the current generation, so a newly published sync is visible at once.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return siteMetadata(await sitePageOfRequest(""));
}

export default async function HomePage() {
  const page = await sitePageOfRequest("");
  if (page.state === "missing") notFound();
  return <SiteRoute page={page} />;
}
