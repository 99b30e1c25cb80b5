import type { FileRef, Span } from "../bundle-types";

/** The URL path of a slug: "" is the home page. Segments are encoded so any slug is a valid path. */
export function pathOf(slug: string): string {
  return `/${slug.split("/").filter(Boolean).map(encodeURIComponent).join("/")}`;
}

const HTTP_URL = /^https?:\/\//i;

/**
 * Where the browser loads a file from. Notion-hosted URLs expire after an hour, so the page links to our
 * redirect route, which hands out a fresh one; external files are linked directly, but only http(s)
 * ones: a `javascript:` or `data:` cover must never reach an `src` or an `og:image`.
 */
export function fileSrc(file: FileRef): string | undefined {
  if (file.kind === "external") {
    const url = file.url.trim();
    return HTTP_URL.test(url) ? url : undefined;
  }
  const base = `/api/files/${encodeURIComponent(file.ownerId)}`;
  return file.field === "block" ? base : `${base}?field=${file.field}`;
}

// A same-site path starts with one "/" not followed by another "/" or a "\": browsers read "//x" and
// "/\x" as another host.
const SAFE_URL = /^(https?:|mailto:|tel:|\/(?![/\\])|#)/i;

/** Only links a reader can follow safely: http(s), mailto, tel, same-site paths and anchors. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.trim();
  return SAFE_URL.test(trimmed) ? trimmed : undefined;
}

export function plainText(spans: readonly Span[] | undefined): string {
  return (spans ?? []).map((s) => s.text).join("");
}

/** Notion colour name → CSS class: "red" → "color-red", "red_background" → "bg-red". */
export function colorClass(color: string | undefined): string | undefined {
  if (!color || color === "default") return undefined;
  const name = color.replace(/[^a-z_]/g, "");
  return name.endsWith("_background") ? `bg-${name.slice(0, -"_background".length)}` : `color-${name}`;
}
