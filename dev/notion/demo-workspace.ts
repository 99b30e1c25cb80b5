/**
 * The demo workspace: a small but real-looking site with every block type a renderer meets, fixed ids
 * (DEMO_IDS) so tests and docs can point at them, and fixed 2025 timestamps.
 */
import {
  bookmark,
  childPage,
  code,
  divider,
  hostedImage,
  p,
  quote,
  syncedCopy,
  withId,
} from "./block-builders";
import { BLOG_PROPERTIES, blogRows } from "./demo-blog";
import { changelog, homeIntro, showcase } from "./demo-content";
import { DEMO_IDS, DEMO_UNICODE_TITLE, DEMO_USER_ID, demoPostId } from "./demo-ids";
import { Workspace } from "./model";
import { SeededRandom } from "./random";
import { text } from "./rich-text";
import {
  type BuildContext,
  addHostedFile,
  createDatabase,
  createPage,
  createRow,
  insertBlocks,
} from "./workspace-builder";

export {
  DEMO_CHANGELOG_BLOCKS,
  DEMO_DEEPEST_TOGGLE_TEXT,
  DEMO_IDS,
  DEMO_ROOT_PAGE_ID,
  DEMO_UNICODE_TITLE,
  DEMO_USER_ID,
  demoPostId,
} from "./demo-ids";

const START = Date.parse("2025-01-02T10:00:00.000Z");
const DAY = 86_400_000;

function at(ctx: BuildContext, days: number): BuildContext {
  ctx.now = START + days * DAY;
  return ctx;
}

export function createDemoWorkspace(): Workspace {
  const ws = new Workspace(DEMO_IDS.home, DEMO_USER_ID);
  ws.rebuild = createDemoWorkspace;
  const random = new SeededRandom(2025);
  const ctx: BuildContext = { ws, newId: () => random.uuid(), now: START };
  addHostedFile(ws, { id: DEMO_IDS.heroImageFile, name: "hero.png", rgb: [40, 90, 160] });
  addHostedFile(ws, { id: DEMO_IDS.aboutCoverFile, name: "about-cover.png", rgb: [160, 80, 60] });
  addHostedFile(ws, { id: DEMO_IDS.postImageFile, name: "illustration.png", rgb: [60, 140, 90] });
  addHostedFile(ws, { id: DEMO_IDS.diagramFile, name: "architecture.png", rgb: [120, 120, 120] });
  addHostedFile(ws, { id: DEMO_IDS.calloutIconFile, name: "icon.png", rgb: [200, 160, 40] });

  const home = createPage(ctx, null, {
    id: DEMO_IDS.home,
    title: "Home",
    icon: "🏠",
    cover: { external: { url: "asset:cover-home.png" } },
    blocks: homeIntro(),
  });
  insertBlocks(at(ctx, 1), home, [
    childPage(
      "About",
      [
        p("I write about building small, dependable software."),
        quote("Make it work, make it right, make it fast."),
        hostedImage(DEMO_IDS.postImageFile, "At the desk"),
        bookmark("https://example.com", "My old site"),
      ],
      { id: DEMO_IDS.about, icon: "👋", cover: { file_upload: { id: DEMO_IDS.aboutCoverFile } } },
    ),
  ]);
  const blog = createDatabase(at(ctx, 2), home.id, {
    id: DEMO_IDS.blogDatabase,
    dataSourceId: DEMO_IDS.blogDataSource,
    title: "Blog",
    description: "Posts, newest first.",
    icon: "📝",
    properties: BLOG_PROPERTIES,
  });
  home.children.push(blog.id);
  const source = ws.get(DEMO_IDS.blogDataSource);
  if (source?.kind !== "data_source") throw new Error("demo: blog data source missing");
  for (const row of blogRows(DEMO_IDS.postImageFile, demoPostId)) {
    ctx.now = row.createdAt;
    createRow(ctx, source, row);
  }
  insertBlocks(at(ctx, 3), home, [
    childPage("Block showcase", showcase(), { id: DEMO_IDS.showcase, icon: "🧪" }),
  ]);
  insertBlocks(at(ctx, 4), home, [
    childPage(
      "Docs",
      [
        p("Documentation for the site. The block below is a synced copy of one in the Block showcase."),
        withId(DEMO_IDS.syncedCopy, syncedCopy(DEMO_IDS.syncedOriginal)),
        childPage(
          "Guides",
          [
            p("Guides live here."),
            childPage("Deep dive", [p("You are three levels below Home."), p("Nothing else is down here.")], {
              id: DEMO_IDS.deepDive,
            }),
          ],
          { id: DEMO_IDS.guides },
        ),
      ],
      { id: DEMO_IDS.docs, icon: "📚" },
    ),
  ]);
  insertBlocks(at(ctx, 5), home, [
    childPage("Changelog", changelog(), {
      id: DEMO_IDS.changelog,
      icon: { file_upload: { id: DEMO_IDS.calloutIconFile } },
    }),
  ]);
  insertBlocks(at(ctx, 6), home, [
    childPage(
      DEMO_UNICODE_TITLE,
      [
        p("Ça marche ! Grüße aus Köln. 日本語のテキスト。 Emoji: 🚀✨"),
        p("مرحبا بالعالم"),
        code("python", 'print("héllo wörld")'),
      ],
      { id: DEMO_IDS.unicode, icon: "☕" },
    ),
  ]);
  insertBlocks(at(ctx, 7), home, [
    divider(),
    p([text("Built with Notion and Next.js.", { italic: true, color: "gray" })]),
  ]);
  home.lastEditedTime = ctx.now;
  ws.version = 0;
  return ws;
}
