import type { Metadata } from "next";
import { cache } from "react";
import { siteMetadata } from "../site/metadata";
import { hydrateSitePage, loadSitePageData, storeReads, type SitePageData } from "../site/site-page";
import { pathOf } from "../site/site-paths";
import { readDraftRoute } from "../store/drafts";
import { getStore } from "../store/redis";
import { redirectOf } from "./cached-cms-reads";
import { canPreviewDrafts } from "./draft-preview";

export type MissingOutcome =
  | { kind: "redirect"; path: string }
  | { kind: "preview"; data: Extract<SitePageData, { state: "found" }> }
  | { kind: "none" };

/** An owner's draft-mode preview of the draft at `slug`, read from the private key space; else null. */
async function draftPreview(slug: string): Promise<MissingOutcome | null> {
  if (!(await canPreviewDrafts())) return null;
  const store = getStore();
  const data = await loadSitePageData({ ...storeReads(store), route: (s) => readDraftRoute(store, s) }, slug);
  return data.state === "found" ? { kind: "preview", data } : null;
}

/**
 * What a slug without a public page answers, decided before anything is rendered: 308 to the current
 * slug (an old slug, or a page id), an owner's draft preview, or 404. Shared by the page and its metadata.
 */
export const missingOutcome = cache(async (slug: string): Promise<MissingOutcome> => {
  const target = await redirectOf(slug);
  if (target) return { kind: "redirect", path: pathOf(target.slug) };
  return (await draftPreview(slug)) ?? { kind: "none" };
});

/** A preview is never indexed. */
export function previewMetadata(data: Extract<SitePageData, { state: "found" }>): Metadata {
  const meta = siteMetadata(hydrateSitePage(data));
  const title = typeof meta.title === "string" ? meta.title : data.bundle.title;
  return { ...meta, title: `Preview: ${title}`, robots: { index: false, follow: false } };
}
