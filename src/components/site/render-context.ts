import type { BlockNode } from "@/lib/bundle-types";
import { collectHeadings, type Heading } from "@/lib/site/block-structure";
import type { ResolvedPage } from "@/lib/site/page-resolver";

/**
 * What blocks need to know beyond themselves, passed down as a prop (server components have no React
 * context): how to turn a Notion page id into a site slug, and the page's headings for a table of contents.
 */
export interface RenderContext {
  /** The slug of a synced page, or null when that page is not on the site. */
  resolvePage: (pageId: string) => string | null;
  /** The title of a synced page (link_to_page blocks carry only the id). */
  pageTitle: (pageId: string) => string | null;
  headings: Heading[];
}

export function createRenderContext(
  resolve: (pageId: string) => ResolvedPage | null,
  blocks: readonly BlockNode[],
): RenderContext {
  return {
    resolvePage: (id) => resolve(id)?.slug ?? null,
    pageTitle: (id) => resolve(id)?.title ?? null,
    headings: collectHeadings(blocks),
  };
}
