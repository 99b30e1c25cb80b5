import { renderToStaticMarkup } from "react-dom/server";
import type { BlockNode, Span } from "@/lib/bundle-types";
import { createPageResolver } from "@/lib/site/page-resolver";
import type { Manifest, ManifestEntry } from "@/lib/store/manifest";
import { Blocks } from "./blocks";
import { createRenderContext } from "./render-context";

/* Shared by the renderer tests: a small manifest and builders for blocks. */

export const SETUP = "11111111-1111-4111-8111-111111111111";
export const BLOG = "22222222-2222-4222-8222-222222222222";
export const UNSYNCED = "33333333-3333-4333-8333-333333333333";

export function entry(
  id: string,
  slug: string,
  title: string,
  kind: ManifestEntry["kind"] = "page",
): ManifestEntry {
  return {
    id,
    kind,
    slug,
    segment: slug.split("/").pop() ?? "",
    title,
    parentId: null,
    lastEditedTime: "2024-01-01T00:00:00.000Z",
    bundleGen: "g1",
    children: [],
  };
}

export const manifest: Manifest = {
  schema: 1,
  generation: "g1",
  jobId: "job",
  publishedAt: "2024-01-01T00:00:00.000Z",
  rootId: SETUP,
  watermark: "2024-01-01T00:00:00.000Z",
  entries: {
    [SETUP]: entry(SETUP, "guides/setup", "Setup guide"),
    [BLOG]: entry(BLOG, "blog", "Blog", "database"),
  },
};

export function render(blocks: BlockNode[]): string {
  const ctx = createRenderContext(createPageResolver(manifest), blocks);
  return renderToStaticMarkup(<Blocks blocks={blocks} ctx={ctx} />);
}

let n = 0;
export const id = () => `b${String(++n).padStart(7, "0")}-0000-4000-8000-000000000000`;
export const t = (text: string, extra: Partial<Span> = {}): Span => ({ text, ...extra });
export const para = (...text: Span[]): BlockNode => ({ id: id(), type: "paragraph", text });
export const bullet = (text: string, children?: BlockNode[]): BlockNode => ({
  id: id(),
  type: "bulleted_list_item",
  text: [t(text)],
  children,
});
export const numbered = (text: string, children?: BlockNode[]): BlockNode => ({
  id: id(),
  type: "numbered_list_item",
  text: [t(text)],
  children,
});
export const heading = (
  level: 1 | 2 | 3,
  text: string,
  toggleable = false,
  children?: BlockNode[],
): BlockNode => ({
  id: id(),
  type: `heading_${level}`,
  text: [t(text)],
  toggleable,
  children,
});
export const notionFile = (ownerId: string, field: "block" | "cover" | "icon" = "block") =>
  ({
    kind: "notion",
    ownerId,
    field,
    url: "https://s3.example/secret.png?sig=1",
    expiresAt: "2024-01-01T01:00:00Z",
  }) as const;
