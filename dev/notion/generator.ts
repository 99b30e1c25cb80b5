/**
 * Deterministic large workspaces for load tests and benchmarks: the same options give the same ids,
 * titles, blocks and times. 10,000 pages build in a couple of seconds.
 */
import type { BlockInput } from "./block-input";
import {
  bullet,
  callout,
  code,
  divider,
  h2,
  h3,
  hostedImage,
  numbered,
  p,
  quote,
  todo,
  toggle,
} from "./block-builders";
import { Workspace } from "./model";
import { SeededRandom } from "./random";
import { text } from "./rich-text";
import { type BuildContext, addHostedFile, createDatabase, createPage, createRow } from "./workspace-builder";

export interface GenerateOptions {
  seed: number;
  /** Pages in the tree, the root included (database rows come on top). */
  pages: number;
  /** Levels below the root. */
  depth: number;
  /** Top-level content blocks per page (child pages are added beside them). */
  blocksPerPage: number;
  /** Share of blocks that get nested children (default 0.15). */
  nestedRatio?: number;
  /** Child databases, each with one data source (default 0). */
  databases?: number;
  rowsPerDatabase?: number;
  /** Share of blocks that are Notion-hosted images (default 0.05). */
  imageRatio?: number;
}

export interface GeneratedWorkspace {
  workspace: Workspace;
  rootPageId: string;
  /** Every tree page, root first, in breadth-first order. */
  pageIds: string[];
  dataSourceIds: string[];
}

const WORDS = (
  "notion sync cache page block redis queue worker signal minute budget token bucket retry stream " +
  "garden river harbour lantern meadow orbit pixel quartz rhythm signal timber velvet whisper zenith " +
  "build ship write read plan test measure learn refine publish deliver render fetch store"
).split(" ");
const LANGUAGES = ["typescript", "python", "bash", "json", "sql", "rust", "go"];

function sentence(r: SeededRandom, min = 6, max = 16): string {
  const n = r.int(min, max);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(r.pick(WORDS));
  const s = words.join(" ");
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

function title(r: SeededRandom): string {
  const s = `${r.pick(WORDS)} ${r.pick(WORDS)}`;
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
}

class BlockFactory {
  constructor(
    private readonly r: SeededRandom,
    private readonly ws: Workspace,
    private readonly nestedRatio: number,
    private readonly imageRatio: number,
  ) {}

  private leaf(): BlockInput {
    const r = this.r;
    const roll = r.next();
    if (roll < 0.4)
      return r.chance(0.2)
        ? p([text(sentence(r)), text(` ${r.pick(WORDS)}`, { bold: true })])
        : p(sentence(r));
    if (roll < 0.48) return h2(title(r));
    if (roll < 0.54) return h3(title(r));
    if (roll < 0.69) return bullet(sentence(r, 3, 8));
    if (roll < 0.77) return numbered(sentence(r, 3, 8));
    if (roll < 0.82) return todo(sentence(r, 3, 6), r.chance(0.5));
    if (roll < 0.86) return quote(sentence(r));
    if (roll < 0.89) return callout(sentence(r), "💡");
    if (roll < 0.93) return code(r.pick(LANGUAGES), `${r.pick(WORDS)}(${r.pick(WORDS)});`);
    if (roll < 0.97) return divider();
    return p(sentence(r, 20, 40));
  }

  block(depth = 0): BlockInput {
    const r = this.r;
    if (r.chance(this.imageRatio)) {
      const file = addHostedFile(this.ws, {
        id: r.uuid(),
        name: `image-${r.int(1, 9999)}.png`,
        rgb: [r.int(0, 255), r.int(0, 255), r.int(0, 255)],
      });
      return hostedImage(file.id, sentence(r, 2, 5));
    }
    if (depth < 3 && r.chance(this.nestedRatio)) {
      const children = Array.from({ length: r.int(1, 3) }, () => this.block(depth + 1));
      return r.chance(0.5) ? toggle(title(r), children) : bullet(sentence(r, 3, 8), children);
    }
    return this.leaf();
  }
}

/** Smallest branching factor whose tree of `depth` levels holds `count` pages. */
function branching(count: number, depth: number): number {
  for (let b = 1; ; b++) {
    let total = 0;
    for (let level = 1, width = b; level <= depth && total < count; level++, width *= b) total += width;
    if (total >= count || b >= count) return b;
  }
}

export function generateWorkspace(options: GenerateOptions): GeneratedWorkspace {
  const { seed, pages, depth, blocksPerPage } = options;
  if (pages < 1 || depth < 0 || blocksPerPage < 0)
    throw new RangeError("generateWorkspace: pages ≥ 1, depth ≥ 0");
  const r = new SeededRandom(seed);
  const ws = new Workspace(r.uuid(), r.uuid());
  ws.rebuild = () => generateWorkspace(options).workspace;
  const start = Date.parse("2024-06-01T00:00:00.000Z") + (seed % 1000) * 60_000;
  const ctx: BuildContext = { ws, newId: () => r.uuid(), now: start };
  const factory = new BlockFactory(r, ws, options.nestedRatio ?? 0.15, options.imageRatio ?? 0.05);
  const content = () => Array.from({ length: blocksPerPage }, () => factory.block());

  const root = createPage(ctx, null, {
    id: ws.rootPageId,
    title: "Generated workspace",
    icon: "🌳",
    blocks: content(),
  });
  const pageIds = [root.id];
  const b = branching(pages - 1, depth);
  // Breadth-first: fill each level before the next, `b` children per page.
  const queue: Array<{ id: string; level: number }> = [{ id: root.id, level: 0 }];
  for (let q = 0; q < queue.length && pageIds.length < pages; q++) {
    const parentRef = queue[q] as { id: string; level: number };
    if (parentRef.level >= depth) continue;
    const parent = ws.get(parentRef.id);
    if (parent?.kind !== "page") continue;
    for (let i = 0; i < b && pageIds.length < pages; i++) {
      ctx.now = start + pageIds.length * 60_000 + r.int(0, 59_999);
      const page = createPage(ctx, parent.id, { title: `${title(r)} ${pageIds.length}`, blocks: content() });
      // Child pages sit among the content, as they do in real pages.
      parent.children.splice(r.int(0, parent.children.length), 0, page.id);
      pageIds.push(page.id);
      queue.push({ id: page.id, level: parentRef.level + 1 });
    }
  }

  const dataSourceIds: string[] = [];
  for (let d = 0; d < (options.databases ?? 0); d++) {
    const host = ws.get(pageIds[r.int(0, pageIds.length - 1)] ?? root.id);
    if (host?.kind !== "page") continue;
    ctx.now = start + (pageIds.length + d) * 60_000;
    const db = createDatabase(ctx, host.id, {
      title: `Database ${d + 1}`,
      properties: [
        { name: "Name", type: "title" },
        { name: "Status", type: "select", options: ["Todo", "Doing", "Done"] },
        { name: "Tags", type: "multi_select", options: WORDS.slice(0, 8) },
        { name: "Date", type: "date" },
        { name: "Done", type: "checkbox" },
        { name: "Notes", type: "rich_text" },
      ],
    });
    host.children.push(db.id);
    const source = ws.get(db.dataSources[0] ?? "");
    if (source?.kind !== "data_source") continue;
    dataSourceIds.push(source.id);
    for (let i = 0; i < (options.rowsPerDatabase ?? 20); i++) {
      ctx.now = start + i * 3_600_000 + r.int(0, 3_599_999);
      createRow(ctx, source, {
        properties: {
          Name: `${title(r)} ${i + 1}`,
          Status: r.pick(["Todo", "Doing", "Done"]),
          Tags: [r.pick(WORDS.slice(0, 8))],
          Date: new Date(ctx.now).toISOString().slice(0, 10),
          Done: r.chance(0.5),
          Notes: sentence(r, 4, 10),
        },
        blocks: [p(sentence(r)), p(sentence(r))],
      });
    }
  }
  ws.version = 0;
  return { workspace: ws, rootPageId: root.id, pageIds, dataSourceIds };
}
