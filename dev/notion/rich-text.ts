import { EmulatorInputError } from "./errors";
import { asString, isObject } from "./json";
import { compactId, normalizeId } from "./ids";
import type { Annotations, RichTextItem } from "./model";

const PLAIN: Annotations = {
  bold: false,
  italic: false,
  strikethrough: false,
  underline: false,
  code: false,
  color: "default",
};

export type TextStyle = Partial<Annotations> & { link?: string };

/** A text run, the way Notion serves it. */
export function text(content: string, style: TextStyle = {}): RichTextItem {
  const { link, ...annotations } = style;
  return {
    type: "text",
    text: { content, link: link ? { url: link } : null },
    annotations: { ...PLAIN, ...annotations },
    plain_text: content,
    href: link ?? null,
  };
}

/** An inline mention of a page (Notion renders its title; the API gives it as plain_text). */
export function pageMention(pageId: string, title: string): RichTextItem {
  return {
    type: "mention",
    mention: { type: "page", page: { id: pageId } },
    annotations: { ...PLAIN },
    plain_text: title,
    href: `https://www.notion.so/${compactId(pageId)}`,
  };
}

export function dateMention(start: string): RichTextItem {
  return {
    type: "mention",
    mention: { type: "date", date: { start, end: null, time_zone: null } },
    annotations: { ...PLAIN },
    plain_text: start,
    href: null,
  };
}

export function inlineEquation(expression: string): RichTextItem {
  return {
    type: "equation",
    equation: { expression },
    annotations: { ...PLAIN },
    plain_text: expression,
    href: null,
  };
}

/**
 * Accepts rich text the way API requests write it (`{text:{content}}`, `{mention:{page:{id}}}`,
 * `{equation:{expression}}`), the way responses do, or a bare string, and returns response form.
 */
export function toRichText(input: unknown): RichTextItem[] {
  if (input === undefined || input === null) return [];
  if (typeof input === "string") return input === "" ? [] : [text(input)];
  if (!Array.isArray(input)) throw new EmulatorInputError("rich text must be a string or an array");
  return input.map(toRichTextItem);
}

function toRichTextItem(item: unknown): RichTextItem {
  if (typeof item === "string") return text(item);
  if (!isObject(item)) throw new EmulatorInputError("a rich text item must be an object");
  const annotations = { ...PLAIN, ...(isObject(item.annotations) ? item.annotations : {}) };
  if (isObject(item.text)) {
    const content = asString(item.text.content);
    const link =
      isObject(item.text.link) && typeof item.text.link.url === "string" ? item.text.link.url : undefined;
    return { ...text(content, link ? { link } : {}), annotations };
  }
  if (isObject(item.equation)) {
    return { ...inlineEquation(asString(item.equation.expression)), annotations };
  }
  if (isObject(item.mention)) {
    const mention = item.mention;
    const page = isObject(mention.page) ? normalizeId(asString(mention.page.id)) : null;
    if (page)
      return {
        ...pageMention(page, typeof item.plain_text === "string" ? item.plain_text : "Untitled"),
        annotations,
      };
    const type = typeof mention.type === "string" ? mention.type : (Object.keys(mention)[0] ?? "unknown");
    const plain = typeof item.plain_text === "string" ? item.plain_text : "";
    return { type: "mention", mention: { type, ...mention }, annotations, plain_text: plain, href: null };
  }
  throw new EmulatorInputError("unsupported rich text item: expected text, mention or equation");
}
