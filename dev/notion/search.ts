/** `POST /v1/search`: title match over pages and data sources the integration can see. */
import { validationError } from "./errors";
import { isObject } from "./json";
import type { JsonObject, Workspace } from "./model";
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

/**
 * Orders are cached per workspace version: a sync pages through search 100 results at a time and
 * should not pay for a full scan of a large workspace on every page.
 */
export class SearchIndex {
  private version = -1;
  private workspace: Workspace | null = null;
  private cache = new Map<string, string[]>();

  ids(ws: Workspace, params: SearchParams): string[] {
    // A reset swaps in a new workspace whose version restarts, so the identity is part of the key.
    if (ws !== this.workspace || ws.version !== this.version) {
      this.cache.clear();
      this.workspace = ws;
      this.version = ws.version;
    }
    const key = `${params.objectType ?? "*"}|${params.direction}|${params.query.toLowerCase()}`;
    let ids = this.cache.get(key);
    if (!ids) {
      ids = this.compute(ws, params);
      this.cache.set(key, ids);
    }
    return ids;
  }

  private compute(ws: Workspace, params: SearchParams): string[] {
    const needle = params.query.toLowerCase();
    const hits: Array<{ id: string; edited: number }> = [];
    for (const node of ws.nodes.values()) {
      if (node.kind !== "page" && node.kind !== "data_source") continue;
      if (params.objectType && node.kind !== params.objectType) continue;
      if (node.inTrash || !ws.isReachable(node.id)) continue;
      if (needle && !plainTitle(node).toLowerCase().includes(needle)) continue;
      hits.push({ id: node.id, edited: node.lastEditedTime });
    }
    const dir = params.direction === "ascending" ? 1 : -1;
    hits.sort((a, b) => (a.edited - b.edited) * dir);
    return hits.map((h) => h.id);
  }
}
