import type { TestCloud } from "../helpers/cloud";

/** Fixed ids for the articles database the CMS tests add to the demo workspace. */
export const ARTICLES = {
  database: "c0000000-0000-4000-8000-000000000001",
  live: "c0000000-0000-4000-8000-0000000000a1",
  unchecked: "c0000000-0000-4000-8000-0000000000a2",
  status: "c0000000-0000-4000-8000-0000000000a3",
  scheduled: "c0000000-0000-4000-8000-0000000000a4",
} as const;

export const DAY = 24 * 3600_000;

/**
 * An "Articles" database under the root page with one row per publishing rule: a public row, an
 * unchecked `Published`, a `Status` outside the published set, and a `Publish date` two days ahead of
 * the emulator's clock. Each row has code and a formula, so rendering them is realistic.
 */
export function addArticles(cloud: Pick<TestCloud, "notion">, now: number): void {
  const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
  const body = (what: string) => [
    { type: "paragraph", paragraph: { rich_text: [{ type: "text", text: { content: `About ${what}.` } }] } },
  ];
  cloud.notion.workspace.appendBlocks(cloud.notion.rootPageId, [
    {
      type: "child_database",
      database: {
        id: ARTICLES.database,
        title: "Articles",
        properties: [
          { name: "Name", type: "title" },
          { name: "Published", type: "checkbox" },
          { name: "Status", type: "status", options: ["Draft", "In review", "Published"] },
          { name: "Publish date", type: "date" },
          { name: "Summary", type: "rich_text" },
        ],
        rows: [
          {
            id: ARTICLES.live,
            properties: {
              Name: "Live article",
              Published: true,
              Status: "Published",
              "Publish date": day(-3),
              Summary: "The public one.",
            },
            blocks: body("the live article"),
          },
          {
            id: ARTICLES.unchecked,
            properties: {
              Name: "Unchecked article",
              Published: false,
              Status: "Published",
              "Publish date": day(-2),
            },
            blocks: body("secret one"),
          },
          {
            id: ARTICLES.status,
            properties: {
              Name: "Status article",
              Published: true,
              Status: "In review",
              "Publish date": day(-1),
            },
            blocks: body("secret two"),
          },
          {
            id: ARTICLES.scheduled,
            properties: {
              Name: "Scheduled article",
              Published: true,
              Status: "Published",
              "Publish date": day(2),
            },
            blocks: body("the scheduled article"),
          },
        ],
      },
    },
  ]);
}
