/** Fixed ids of the demo workspace's interesting objects (see docs/emulator-notion.md). */
export const demoId = (n: number) => `d3e40000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

export const DEMO_IDS = {
  home: demoId(0x1),
  about: demoId(0x2),
  blogDatabase: demoId(0x3),
  blogDataSource: demoId(0x4),
  showcase: demoId(0x5),
  docs: demoId(0x6),
  guides: demoId(0x7),
  deepDive: demoId(0x8),
  changelog: demoId(0x9),
  unicode: demoId(0xa),
  contact: demoId(0xb),
  introParagraph: demoId(0x10),
  syncedOriginal: demoId(0x11),
  syncedCopy: demoId(0x12),
  deepestToggleText: demoId(0x13),
  toggleableHeading: demoId(0x14),
  hostedImage: demoId(0x15),
  externalImage: demoId(0x16),
  linkToPage: demoId(0x17),
  unsupported: demoId(0x18),
  table: demoId(0x19),
  columnList: demoId(0x1a),
  fileBlock: demoId(0x1b),
  firstPost: demoId(0x100),
  heroImageFile: demoId(0xf01),
  aboutCoverFile: demoId(0xf02),
  postImageFile: demoId(0xf03),
  diagramFile: demoId(0xf04),
  calloutIconFile: demoId(0xf05),
} as const;

export const DEMO_ROOT_PAGE_ID = DEMO_IDS.home;
/** The id of the i-th blog post (0-based, oldest first; 20 posts). */
export const demoPostId = (index: number) => demoId(0x100 + index);
export const DEMO_USER_ID = "d3e40000-0000-4000-8000-0000000000ff";
/** The deepest toggle's text (4 toggles down in the Block showcase page). */
export const DEMO_DEEPEST_TOGGLE_TEXT = "Deepest toggle text: you found it";
export const DEMO_UNICODE_TITLE = "Café ☕ — Ünïcödé";
export const DEMO_CHANGELOG_BLOCKS = 130;
