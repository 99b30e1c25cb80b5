/** The demo pages' content: the home page intro, the block showcase and a long changelog. */
import type { BlockInput } from "./block-input";
import {
  bookmark,
  bullet,
  callout,
  childPage,
  code,
  columns,
  divider,
  equation,
  externalImage,
  h1,
  h2,
  h3,
  hostedFile,
  hostedImage,
  linkToPage,
  numbered,
  p,
  quote,
  syncedOriginal,
  table,
  tableOfContents,
  todo,
  toggle,
  toggleHeading,
  unsupported,
  withId,
} from "./block-builders";
import { DEMO_DEEPEST_TOGGLE_TEXT, DEMO_IDS } from "./demo-ids";
import { dateMention, inlineEquation, pageMention, text } from "./rich-text";

export function homeIntro(): BlockInput[] {
  return [
    h1("Welcome"),
    withId(
      DEMO_IDS.introParagraph,
      p([
        "This site is written in Notion: ",
        text("bold", { bold: true }),
        ", ",
        text("italic", { italic: true }),
        ", ",
        text("strikethrough", { strikethrough: true }),
        ", ",
        text("underlined", { underline: true }),
        ", ",
        text("inline code", { code: true }),
        ", ",
        text("red", { color: "red" }),
        " and ",
        text("a link", { link: "https://developers.notion.com" }),
        ". Read more ",
        pageMention(DEMO_IDS.about, "About"),
        ".",
      ]),
    ),
    p([
      "Last big update ",
      dateMention("2025-05-19"),
      ", where ",
      inlineEquation("E = mc^2"),
      " still holds.",
    ]),
    callout("New here? Start with the blog.", "👋", "blue_background"),
    withId(
      DEMO_IDS.columnList,
      columns(
        [p("Left column: what this site is about."), bullet("Writing"), bullet("Engineering")],
        [
          p("Right column: get in touch."),
          childPage("Contact", [p("Write to hello@example.com.")], { id: DEMO_IDS.contact, icon: "✉️" }),
        ],
      ),
    ),
  ];
}

export function showcase(): BlockInput[] {
  return [
    tableOfContents(),
    h1("Headings"),
    h2("A second-level heading"),
    h3("A third-level heading"),
    withId(
      DEMO_IDS.toggleableHeading,
      toggleHeading(2, "A toggleable heading", [p("Hidden under a heading.")]),
    ),
    h1("Text"),
    quote("Simplicity is prerequisite for reliability. — Edsger W. Dijkstra"),
    callout("A callout with an emoji icon.", "💡", "yellow_background"),
    callout("A callout with an uploaded icon.", { file_upload: { id: DEMO_IDS.calloutIconFile } }),
    h2("Lists"),
    bullet("Fruit", [bullet("Apples", [bullet("Cox"), bullet("Braeburn")]), bullet("Pears")]),
    bullet("Vegetables"),
    numbered("Prepare", [numbered("Wash"), numbered("Chop")]),
    numbered("Cook"),
    numbered("Serve"),
    todo("Write the post", true),
    todo("Publish it", false),
    h2("Toggles"),
    toggle("Level 1", [
      p("One level down."),
      toggle("Level 2", [
        toggle("Level 3", [
          toggle("Level 4", [withId(DEMO_IDS.deepestToggleText, p(DEMO_DEEPEST_TOGGLE_TEXT))]),
        ]),
      ]),
    ]),
    h2("Code"),
    code(
      "typescript",
      "export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}",
      "greet.ts",
    ),
    code("python", 'def greet(name: str) -> str:\n    return f"Hello, {name}!"'),
    code("bash", "npm run sync -- --force"),
    h2("Table"),
    withId(
      DEMO_IDS.table,
      table(
        [
          ["Plan", "Requests / s", "Price"],
          ["Free", "3", "$0"],
          ["Plus", "3", "$10"],
          ["Business", "3", "$15"],
        ],
        { columnHeader: true },
      ),
    ),
    h2("Math"),
    equation("e^{i\\pi} + 1 = 0"),
    h2("Media"),
    withId(
      DEMO_IDS.hostedImage,
      hostedImage(DEMO_IDS.heroImageFile, "A Notion-hosted image (its URL expires)"),
    ),
    withId(DEMO_IDS.externalImage, externalImage("asset:mountains.png", "An external image")),
    bookmark("https://developers.notion.com/reference/intro", "The Notion API reference"),
    withId(DEMO_IDS.fileBlock, hostedFile(DEMO_IDS.diagramFile, "architecture.png", "Architecture diagram")),
    h2("Synced"),
    withId(
      DEMO_IDS.syncedOriginal,
      syncedOriginal([
        p("This paragraph lives in a synced block."),
        bullet("Edit it once, see it everywhere."),
      ]),
    ),
    h2("Links"),
    withId(DEMO_IDS.linkToPage, linkToPage(DEMO_IDS.about)),
    divider(),
    withId(DEMO_IDS.unsupported, unsupported("ai_block")),
  ];
}

export function changelog(): BlockInput[] {
  const blocks: BlockInput[] = [];
  for (let i = 26; i >= 1; i--) {
    blocks.push(
      h3(`v1.${i}.0`),
      p(`Release ${i} of the sync.`),
      bullet("Fixes and small improvements"),
      bullet(`Build ${1000 + i}`),
      divider(),
    );
  }
  return blocks;
}
