/** `POST /v1/search`: title match over pages and data sources the integration can see. */
import { validationError } from "./errors";
import { isObject } from "./json";
import type { JsonObject, Workspace, WorkspaceNode } from "./model";
import { plainTitle } from "./model";

export interface SearchParams {
  query: string;
  objectType: "page" | "data_source" | null;
  direction: "ascending" | "descending";
}

export function parseSearchBody(body: JsonObject): SearchParams {
  const query = body.query === undefined || body.query === null ? "" : body.query;
  if (typeof query !== "string")
    throw validationError("body failed validation: body.query should be a string.");
  let objectType: SearchParams["objectType"] = null;
  if (body.filter !== undefined && body.filter !== null) {
    const filter = body.filter;
    if (!isObject(filter)) throw validationError("body failed validation: body.filter should be an object.");
    if (filter.property !== undefined || filter.value !== undefined) {
      if (filter.property !== "object") {
        throw validationError(
          `body failed validation: body.filter.property should be \`"object"\`, instead was \`${JSON.stringify(filter.property)}\`.`,
        );
      }
      if (filter.value !== "page" && filter.value !== "data_source") {
        throw validationError(
          `body failed validation: body.filter.value should be \`"page"\` or \`"data_source"\`, instead was \`${JSON.stringify(filter.value)}\`.`,
        );
      }
      objectType = filter.value;
    }
  }
  let direction: SearchParams["direction"] = "descending";
  if (body.sort !== undefined && body.sort !== null) {
    const sort = body.sort;
    if (isObject(sort) && sort.timestamp === "last_edited_time") {
      direction = sort.direction === "ascending" ? "ascending" : "descending";
    } else if (!(isObject(sort) && sort.property === "relevance")) {
      throw validationError('body failed validation: body.sort.timestamp should be `"last_edited_time"`.');
    }
  }
  return { query, objectType, direction };
}

interface Entry {
  edited: number;
  visible: boolean;
  title: string;
}

/**
 * Orders are cached per workspace version: a sync pages through search 100 results at a time and
 * should not pay for a full scan of a large workspace on every page.
 *
 * Search lag (`lagMs` > 0): Notion's search is "neither exhaustive nor immediate". A change reaches the
 * results `lagMs` after it was made (its edit time) or, for changes that do not bump the edit time
 * (trash, move, unshare), after search first noticed it; until then search shows the object as it was
 * (a new page is missing, a trashed one still listed, an edited one with its old edit time).
 */
export class SearchIndex {
  lagMs = 0;
  private version = -1;
  private workspace: Workspace | null = null;
  private cache = new Map<string, string[]>();
  private indexed = new Map<string, Entry>();
  private pending = new Map<string, { entry: Entry; since: number }>();

  ids(ws: Workspace, params: SearchParams, now = 0): string[] {
    // A reset swaps in a new workspace whose version restarts, so the identity is part of the key.
    if (ws !== this.workspace || ws.version !== this.version) {
      this.cache.clear();
      if (ws !== this.workspace) this.clearLag();
      this.workspace = ws;
      this.version = ws.version;
    }
    if (this.lagMs > 0) return this.compute(ws, params, this.laggedView(ws, now));
    const key = `${params.objectType ?? "*"}|${params.direction}|${params.query.toLowerCase()}`;
    let ids = this.cache.get(key);
    if (!ids) {
      ids = this.compute(ws, params, (node) => this.entryOf(ws, node));
      this.cache.set(key, ids);
    }
    return ids;
  }

  setLag(ms: number): void {
    this.lagMs = ms;
    this.clearLag();
  }

  private clearLag(): void {
    this.indexed.clear();
    this.pending.clear();
  }

  private entryOf(ws: Workspace, node: SearchableNode): Entry {
    return {
      edited: node.lastEditedTime,
      visible: !node.inTrash && ws.isReachable(node.id),
      title: plainTitle(node),
    };
  }

  /** What search shows for each node: the last state that has been known for at least `lagMs`. */
  private laggedView(ws: Workspace, now: number): (node: SearchableNode) => Entry | undefined {
    return (node) => {
      const current = this.entryOf(ws, node);
      const shown = this.indexed.get(node.id);
      if (shown && sameEntry(shown, current)) {
        this.pending.delete(node.id);
        return shown;
      }
      let waiting = this.pending.get(node.id);
      if (!waiting || !sameEntry(waiting.entry, current)) {
        const since = !shown || shown.edited !== current.edited ? current.edited : now;
        waiting = { entry: current, since };
        this.pending.set(node.id, waiting);
      }
      if (now - waiting.since < this.lagMs) return shown;
      this.indexed.set(node.id, current);
      this.pending.delete(node.id);
      return current;
    };
  }

  private compute(
    ws: Workspace,
    params: SearchParams,
    view: (node: SearchableNode) => Entry | undefined,
  ): string[] {
    const needle = params.query.toLowerCase();
    const hits: Array<{ id: string; edited: number }> = [];
    for (const node of ws.nodes.values()) {
      if (node.kind !== "page" && node.kind !== "data_source") continue;
      if (params.objectType && node.kind !== params.objectType) continue;
      const entry = view(node);
      if (!entry?.visible) continue;
      if (needle && !entry.title.toLowerCase().includes(needle)) continue;
      hits.push({ id: node.id, edited: entry.edited });
    }
    const dir = params.direction === "ascending" ? 1 : -1;
    hits.sort((a, b) => (a.edited - b.edited) * dir);
    return hits.map((h) => h.id);
  }
}

type SearchableNode = Extract<WorkspaceNode, { kind: "page" | "data_source" }>;

function sameEntry(a: Entry, b: Entry): boolean {
  return a.edited === b.edited && a.visible === b.visible && a.title === b.title;
}
