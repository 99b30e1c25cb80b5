import { connection } from "next/server";
import { faviconResponse, homeBundle } from "@/lib/cms/site-icon";
import { siteBaseUrl } from "@/lib/site/site-url";

export const contentType = "image/svg+xml";

/** The favicon: the root page's icon (emoji or image), or a default when it has none. */
export default async function Icon() {
  await connection();
  return faviconResponse((await homeBundle())?.icon, siteBaseUrl());
}
