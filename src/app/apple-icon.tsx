import { ImageResponse } from "next/og";
import { connection } from "next/server";
import { faviconResponse, homeBundle } from "@/lib/cms/site-icon";
import { siteBaseUrl } from "@/lib/site/site-url";

export const size = { width: 180, height: 180 };
export const contentType = "image/png";

/**
 * The apple-touch icon: the root page's image icon when it has one; otherwise a tile with the site's
 * initial (iOS needs a PNG, and drawing an emoji into one would fetch an emoji font from a CDN).
 */
export default async function AppleIcon() {
  await connection();
  const bundle = await homeBundle();
  if (bundle?.icon?.kind === "file") return faviconResponse(bundle.icon, siteBaseUrl());
  const initial = /[A-Za-z0-9]/.exec(bundle?.title ?? "")?.[0]?.toUpperCase() ?? "N";
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        background: "#37352f",
        color: "#ffffff",
        fontSize: 120,
      }}
    >
      {initial}
    </div>,
    size,
  );
}
