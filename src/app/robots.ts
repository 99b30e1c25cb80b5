import type { MetadataRoute } from "next";
import { siteBaseUrl } from "@/lib/site/site-url";

// APP_URL is read when a crawler asks, not baked in at build time.
export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  const base = siteBaseUrl();
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/api/", "/admin"] },
    sitemap: `${base}/sitemap.xml`,
  };
}
