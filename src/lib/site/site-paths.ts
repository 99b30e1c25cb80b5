import type { FileRef, Span } from "../bundle-types";

/** The URL path of a slug: "" is the home page. Segments are encoded so any slug is a valid path. */
export function pathOf(slug: string): string {
  return `/${slug.split("/").filter(Boolean).map(encodeURIComponent).join("/")}`;
}

/**
 * Where the browser loads a file from. Notion-hosted URLs expire after an hour, so the page links to our
 * redirect route, which hands out a fresh one; external files are linked directly.
 */
export function fileSrc(file: FileRef): string {
  if (file.kind === "external") return file.url;
  const base = `/api/files/${encodeURIComponent(file.ownerId)}`;
  return file.field === "block" ? base : `${base}?field=${file.field}`;
}

const SAFE_URL = /^(https?:|mailto:|tel:|\/(?!\/)|#)/i;

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
