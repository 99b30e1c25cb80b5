import type { FileRef, Icon, Span } from "../bundle-types";

/** Loosely typed views of raw Notion JSON: the SDK's unions are exact but too wide to walk comfortably. */
export type Raw = Record<string, unknown>;

export function asRaw(value: unknown): Raw {
  return value && typeof value === "object" ? (value as Raw) : {};
}

/** The value if it is a string. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function reshapeRichText(items: unknown): Span[] {
  if (!Array.isArray(items)) return [];
  return items.map((item) => {
    const raw = asRaw(item);
    const span: Span = { text: str(raw.plain_text) ?? "" };
    const href = str(raw.href);
    const annotations = asRaw(raw.annotations);
    if (annotations.bold) span.bold = true;
    if (annotations.italic) span.italic = true;
    if (annotations.strikethrough) span.strikethrough = true;
    if (annotations.underline) span.underline = true;
    if (annotations.code) span.code = true;
    const color = str(annotations.color);
    if (color && color !== "default") span.color = color;
    if (raw.type === "equation") {
      span.equation = true;
      span.text = str(asRaw(raw.equation).expression) ?? span.text;
    }
    const mention = asRaw(raw.mention);
    const mentioned = str(asRaw(mention.page).id) ?? str(asRaw(mention.database).id);
    const linked = internalPageId(href ?? str(asRaw(asRaw(raw.text).link).url));
    if (mentioned) span.pageId = mentioned;
    else if (linked) span.pageId = linked;
    else if (href) span.href = href;
    return span;
  });
}

/** Notion links to other pages look like "/<32 hex>" or "https://www.notion.so/Title-<32 hex>". */
function internalPageId(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const match =
    /^(?:\/|https:\/\/(?:www\.)?notion\.so\/(?:[^/?#]+\/)?)(?:[^/?#]*-)?([0-9a-f]{32})(?:[?#].*)?$/i.exec(
      href,
    );
  return match ? dashed(match[1]!) : undefined;
}

export function dashed(id: string): string {
  const hex = id.replace(/-/g, "").toLowerCase();
  if (hex.length !== 32) return id;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function plainText(spans: Span[]): string {
  return spans.map((s) => s.text).join("");
}

export function reshapeFile(
  value: unknown,
  ownerId: string,
  field: "block" | "cover" | "icon",
): FileRef | undefined {
  const raw = asRaw(value);
  if (raw.type === "external") {
    const url = str(asRaw(raw.external).url);
    return url ? { kind: "external", url } : undefined;
  }
  if (raw.type === "file") {
    const file = asRaw(raw.file);
    const url = str(file.url);
    return url ? { kind: "notion", ownerId, field, url, expiresAt: str(file.expiry_time) ?? "" } : undefined;
  }
  return undefined;
}

export function reshapeIcon(
  value: unknown,
  ownerId: string,
  field: "block" | "icon" = "icon",
): Icon | undefined {
  const raw = asRaw(value);
  if (raw.type === "emoji") {
    const emoji = str(raw.emoji);
    return emoji ? { kind: "emoji", emoji } : undefined;
  }
  const file = reshapeFile(raw, ownerId, field);
  return file ? { kind: "file", file } : undefined;
}
