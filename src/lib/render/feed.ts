import { Feed } from "feed";
import type { DatabaseBundle, DatabaseRow } from "../bundle-types";
import { pathOf } from "../site/site-paths";
import { feedPathOf } from "./feed-paths";

/** A row's summary: its "Summary" or "Description" text property, else its page's first paragraph. */
function summaryOf(row: DatabaseRow): string {
  for (const [name, value] of Object.entries(row.properties)) {
    if (value.type === "rich_text" && /^(summary|description)$/i.test(name.trim()) && value.text.trim())
      return value.text.trim();
  }
  return row.summary ?? "";
}

/**
 * A database's RSS 2.0 feed: one item per published row (drafts never reach the listing), newest first,
 * with its title, date, summary and absolute link.
 */
export function databaseFeed(
  db: DatabaseBundle,
  options: { baseUrl: string; slug: string; siteTitle: string },
): string {
  const link = `${options.baseUrl}${pathOf(options.slug)}`;
  const dates = db.rows.map((r) => Date.parse(r.date ?? r.createdTime)).filter(Number.isFinite);
  const feed = new Feed({
    title: `${db.title || "Untitled"} · ${options.siteTitle}`,
    description: db.description || `${db.title} from ${options.siteTitle}`,
    id: link,
    link,
    language: "en",
    copyright: options.siteTitle,
    updated: new Date(dates.length ? Math.max(...dates) : Date.parse(db.syncedAt)),
    generator: "notion-sync",
    feedLinks: { rss: `${options.baseUrl}${feedPathOf(options.slug)}` },
  });
  for (const row of db.rows) {
    const url = `${options.baseUrl}${pathOf(row.slug)}`;
    feed.addItem({
      title: row.title || "Untitled",
      id: url,
      link: url,
      date: new Date(Date.parse(row.date ?? "") || Date.parse(row.createdTime)),
      description: summaryOf(row),
      category: row.tags.map((name) => ({ name })),
    });
  }
  return feed.rss2();
}
