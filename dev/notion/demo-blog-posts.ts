/** The demo blog's twenty posts: titles, metadata and a few paragraphs each. */

export interface Post {
  title: string;
  slug: string;
  date: string;
  tags: string[];
  published: boolean;
  summary: string;
  body: string[];
  points?: string[];
  snippet?: [language: string, source: string];
}

export const POSTS: Post[] = [
  {
    title: "Hello, world",
    slug: "hello-world",
    date: "2025-01-06",
    tags: ["life"],
    published: true,
    summary: "Why this site exists and what to expect from it.",
    body: [
      "This is the first post on a site that is written in Notion and served from a cache.",
      "Writing where I already think makes it far more likely that I publish.",
    ],
    points: ["Short posts, often", "Notes from work", "Things I build on weekends"],
  },
  {
    title: "Mirroring Notion into Redis",
    slug: "mirroring-notion-into-redis",
    date: "2025-01-13",
    tags: ["engineering", "notion"],
    published: true,
    summary: "A background sync that respects a three-requests-per-second budget.",
    body: [
      "The Notion API allows about three requests per second. A site with a thousand pages needs thousands of calls to fetch everything.",
      "So the sync runs in the background, in steps, and the site only ever reads from Redis.",
    ],
    snippet: [
      "typescript",
      "for await (const block of iteratePaginatedAPI(notion.blocks.children.list, { block_id })) {\n  blocks.push(block);\n}",
    ],
  },
  {
    title: "Rate limits are a feature",
    slug: "rate-limits-are-a-feature",
    date: "2025-01-20",
    tags: ["engineering"],
    published: true,
    summary: "Designing around 429s instead of fighting them.",
    body: [
      "A 429 with Retry-After is the server telling you exactly what to do.",
      "One throttle for every call, and exactly one layer that retries, keeps the whole thing predictable.",
    ],
    points: ["Token bucket on the client", "Honour Retry-After", "Never retry in two layers"],
  },
  {
    title: "Typography notes",
    slug: "typography-notes",
    date: "2025-01-27",
    tags: ["design"],
    published: true,
    summary: "Line length, rhythm and the humble en dash.",
    body: [
      "Sixty to seventy-five characters per line reads well on most screens.",
      "Vertical rhythm matters more than the typeface you pick.",
    ],
  },
  {
    title: "Edge caching with Next.js",
    slug: "edge-caching-with-nextjs",
    date: "2025-02-03",
    tags: ["nextjs", "engineering"],
    published: true,
    summary: "Serving pages from a cache that is refreshed in the background.",
    body: [
      "The App Router makes it easy to read from a cache on every request.",
      "The hard part is deciding when the cache is stale.",
    ],
    snippet: [
      "typescript",
      'export const revalidate = 60;\n\nexport default async function Page() {\n  const bundle = await readBundle("home");\n  return <Blocks blocks={bundle.blocks} />;\n}',
    ],
  },
  {
    title: "A week without meetings",
    slug: "a-week-without-meetings",
    date: "2025-02-10",
    tags: ["life"],
    published: true,
    summary: "What happened when the calendar went blank.",
    body: [
      "Monday felt strange. By Wednesday I had shipped two things I had postponed for a month.",
      "Meetings are not bad; unplanned ones are.",
    ],
  },
  {
    title: "Designing a dashboard nobody needs to open",
    slug: "designing-a-dashboard",
    date: "2025-02-17",
    tags: ["design", "engineering"],
    published: true,
    summary: "The best status page is the one that says everything is fine.",
    body: [
      "A dashboard should answer one question at a glance: is the last sync healthy?",
      "Everything else belongs one click deeper.",
    ],
    points: ["Status first", "Errors with context", "Timings last"],
  },
  {
    title: "Notion's minute-rounded timestamps",
    slug: "minute-rounded-timestamps",
    date: "2025-02-24",
    tags: ["notion", "engineering"],
    published: true,
    summary: "Two edits in one minute look the same — plan for it.",
    body: [
      "last_edited_time is rounded down to the minute.",
      "An incremental sync must refetch pages edited in the same minute as its watermark.",
    ],
    snippet: ["typescript", "const changed = page.last_edited_time >= watermarkMinute;"],
  },
  {
    title: "Draft: on writing every day",
    slug: "on-writing-every-day",
    date: "2025-03-03",
    tags: ["life"],
    published: false,
    summary: "Not ready yet.",
    body: ["Some notes that will become a post one day."],
  },
  {
    title: "QStash in practice",
    slug: "qstash-in-practice",
    date: "2025-03-10",
    tags: ["engineering"],
    published: true,
    summary: "Long jobs in short functions, one signed message at a time.",
    body: [
      "Each step publishes the next one with a deduplication id.",
      "A redelivered step recognises its number and does nothing twice.",
    ],
    snippet: [
      "bash",
      'curl -X POST "$QSTASH_URL/v2/publish/$APP_URL/api/sync/worker" \\\n  -H "Authorization: Bearer $QSTASH_TOKEN"',
    ],
  },
  {
    title: "Colour in small doses",
    slug: "colour-in-small-doses",
    date: "2025-03-17",
    tags: ["design"],
    published: true,
    summary: "One accent colour is plenty.",
    body: [
      "A single accent colour carries a surprising amount of brand.",
      "Use it for links and one call to action, nowhere else.",
    ],
  },
  {
    title: "Release 1.0",
    slug: "release-1-0",
    date: "2025-03-24",
    tags: ["release"],
    published: true,
    summary: "The sync is stable, documented and boring — in the best way.",
    body: ["Version 1.0 ships incremental syncs, a dashboard and webhooks."],
    points: ["Incremental by default", "Webhooks trigger a page sync", "Dashboard behind a secret"],
  },
  {
    title: "Synced blocks explained",
    slug: "synced-blocks-explained",
    date: "2025-03-31",
    tags: ["notion"],
    published: true,
    summary: "An original, its copies, and where the content really lives.",
    body: [
      "A synced block copy has no children of its own: ask for them and you get the original's.",
      "Render the copy from the original's content.",
    ],
  },
  {
    title: "Testing against emulators",
    slug: "testing-against-emulators",
    date: "2025-04-07",
    tags: ["engineering"],
    published: true,
    summary: "The official SDKs, unchanged, against local servers that speak the wire protocol.",
    body: [
      "Module mocks test your mocks. A fake at the HTTP boundary tests your code.",
      "The emulators run offline and start in milliseconds.",
    ],
    snippet: ["typescript", "const notion = new Client({ auth: token, baseUrl: emulator.url });"],
  },
  {
    title: "Draft: a reading list",
    slug: "a-reading-list",
    date: "2025-04-14",
    tags: ["life"],
    published: false,
    summary: "Books I keep coming back to.",
    body: ["Work in progress."],
  },
  {
    title: "Images that expire",
    slug: "images-that-expire",
    date: "2025-04-21",
    tags: ["notion", "nextjs"],
    published: true,
    summary: "Notion-hosted file URLs last an hour; plan your cache around that.",
    body: [
      "Store the block id, not the URL.",
      "When a visitor needs the image, ask for a fresh URL and redirect.",
    ],
  },
  {
    title: "Accessibility checklist",
    slug: "accessibility-checklist",
    date: "2025-04-28",
    tags: ["design"],
    published: true,
    summary: "Ten minutes that make a site usable for everyone.",
    body: ["Most accessibility wins are cheap when you start early."],
    points: ["Alt text on every image", "Visible focus styles", "Headings in order", "Enough contrast"],
  },
  {
    title: "Webhooks, signals not payloads",
    slug: "webhooks-signals-not-payloads",
    date: "2025-05-05",
    tags: ["notion", "engineering"],
    published: true,
    summary: "Treat a webhook as a nudge to fetch, never as the data itself.",
    body: [
      "Notion webhooks are aggregated and may arrive a minute late.",
      "Verify the signature, deduplicate, then fetch the page.",
    ],
  },
  {
    title: "Draft: migrating from Vercel KV",
    slug: "migrating-from-vercel-kv",
    date: "2025-05-12",
    tags: ["engineering"],
    published: false,
    summary: "Notes on moving to Upstash Redis.",
    body: ["Mostly a change of environment variables."],
  },
  {
    title: "What I learned shipping this site",
    slug: "what-i-learned",
    date: "2025-05-19",
    tags: ["life", "engineering"],
    published: true,
    summary: "Small, boring, dependable pieces add up.",
    body: [
      "Each piece is small enough to understand in one sitting.",
      "Together they publish a site from a notebook.",
    ],
  },
];
