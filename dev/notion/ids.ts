const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const COMPACT = /^[0-9a-f]{32}$/;

/**
 * Notion accepts ids with or without dashes (and in any case) and always answers dashed lowercase.
 * Returns null for anything that is not a UUID.
 */
export function normalizeId(raw: string): string | null {
  const id = raw.trim().toLowerCase();
  if (DASHED.test(id)) return id;
  if (COMPACT.test(id)) {
    return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
  }
  return null;
}

export function compactId(id: string): string {
  return id.replace(/-/g, "");
}

/** Notion's page URL: a slug of the title followed by the compact id. */
export function notionUrl(id: string, title?: string): string {
  const slug = (title ?? "")
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/\s+/g, "-");
  return `https://www.notion.so/${slug ? `${slug}-` : ""}${compactId(id)}`;
}
