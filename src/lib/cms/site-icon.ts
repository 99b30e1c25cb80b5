import type { Bundle, Icon } from "../bundle-types";
import { fileSrc } from "../site/site-paths";
import { cachedBundleAt } from "./cached-cms-reads";

/** Shown when the root page has no icon: a page glyph. */
export const DEFAULT_ICON_EMOJI = "📄";

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An emoji as an SVG favicon (browsers draw it with their own emoji font). */
export function emojiSvg(emoji: string): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">' +
    `<text x="50" y="50" dy=".35em" text-anchor="middle" font-size="88">${escapeXml(emoji)}</text></svg>`
  );
}

const CACHE = "public, max-age=3600";

/**
 * The favicon from the root page's icon: an emoji is drawn as SVG; an image redirects to it (a
 * Notion-hosted one through /api/files, which hands out fresh URLs); no icon gives the default.
 */
export function faviconResponse(icon: Icon | undefined, baseUrl: string): Response {
  // An external icon that is not http(s) (a `javascript:` URL, say) is never redirected to.
  const src = icon?.kind === "file" ? fileSrc(icon.file) : undefined;
  if (src) {
    return new Response(null, {
      status: 307,
      headers: { location: new URL(src, baseUrl).toString(), "cache-control": CACHE },
    });
  }
  const emoji = icon?.kind === "emoji" ? icon.emoji : DEFAULT_ICON_EMOJI;
  return new Response(emojiSvg(emoji), {
    headers: { "content-type": "image/svg+xml", "cache-control": CACHE },
  });
}

/** The root page's bundle, or undefined before the first sync or when the cache is unreachable. */
export async function homeBundle(): Promise<Bundle | undefined> {
  try {
    return (await cachedBundleAt("")).bundle ?? undefined;
  } catch {
    return undefined; // an icon is not worth an error page: the default stands in
  }
}
