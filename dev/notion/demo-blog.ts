/** The demo Blog: a database with one data source and twenty posts that read like a real blog. */
import type { BlockInput } from "./block-input";
import { bullet, code, h2, hostedImage, p, quote } from "./block-builders";
import type { PropertySchemaInput } from "./properties";
import { type Post, POSTS } from "./demo-blog-posts";
import { text } from "./rich-text";

export const BLOG_PROPERTIES: PropertySchemaInput[] = [
  { name: "Name", type: "title" },
  { name: "Slug", type: "rich_text" },
  { name: "Date", type: "date" },
  {
    name: "Tags",
    type: "multi_select",
    options: ["engineering", "design", "notion", "nextjs", "life", "release"],
  },
  { name: "Published", type: "checkbox" },
  { name: "Summary", type: "rich_text" },
];

/** Rows for the Blog data source; a few posts carry an image (`imageFileId`). */
export function blogRows(imageFileId: string, ids: (index: number) => string) {
  return POSTS.map((post, i) => ({
    id: ids(i),
    createdAt: Date.parse(`${post.date}T08:30:00.000Z`),
    properties: {
      Name: post.title,
      Slug: post.slug,
      Date: post.date,
      Tags: post.tags,
      Published: post.published,
      Summary: post.summary,
    },
    blocks: postBody(post, i % 5 === 1 ? imageFileId : null),
  }));
}

function postBody(post: Post, imageFileId: string | null): BlockInput[] {
  const blocks: BlockInput[] = [p([text(post.summary, { italic: true })])];
  for (const paragraph of post.body) blocks.push(p(paragraph));
  if (imageFileId) blocks.push(hostedImage(imageFileId, `Illustration for “${post.title}”`));
  if (post.points) {
    blocks.push(h2("Key points"));
    for (const point of post.points) blocks.push(bullet(point));
  }
  if (post.snippet) {
    blocks.push(h2("In code"));
    blocks.push(code(post.snippet[0], post.snippet[1]));
  }
  blocks.push(quote("Thanks for reading — replies welcome."));
  return blocks;
}

export const BLOG_POST_COUNT = POSTS.length;
