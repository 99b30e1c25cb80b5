/** The public API routes: match a request to a template and answer it from the workspace. */
import { compileFilter, sortRows } from "./data-source-query";
import { type ObjectKind, objectNotFound, validationError } from "./errors";
import { normalizeId } from "./ids";
import type { JsonObject, PageNode, Workspace, WorkspaceNode } from "./model";
import { type Page, pageOfChildren, pageOfList, parsePageSize } from "./pagination";
import { type SearchIndex, parseSearchBody } from "./search";
import {
  type RenderContext,
  childSource,
  renderBlock,
  renderDataSource,
  renderDatabase,
  renderPage,
} from "./shapes";

export interface ApiContext {
  ws: Workspace;
  render: RenderContext;
  search: SearchIndex;
  now: number;
  requestId: string;
  /** Rows one data-source query may return before `request_status` says incomplete (Notion: 10,000). */
  queryResultLimit: number;
}

export interface ApiRequest {
  query: URLSearchParams;
  body: JsonObject;
}

type Handler = (ctx: ApiContext, req: ApiRequest, id: string) => JsonObject;

interface RouteDef {
  method: string;
  pattern: RegExp;
  template: string;
  /** Name of the path parameter in Notion's validation messages. */
  param: string | null;
  handler: Handler;
}

export interface RouteMatch {
  template: string;
  /** The path id, dashed; null when the route has none or it is not a UUID. */
  objectId: string | null;
  run: (ctx: ApiContext, req: ApiRequest) => JsonObject;
}

function reachable(ctx: ApiContext, kind: ObjectKind, id: string, accept: Array<WorkspaceNode["kind"]>) {
  const node = ctx.ws.get(id);
  if (!node || !accept.includes(node.kind) || !ctx.ws.isReachable(id)) throw objectNotFound(kind, id);
  return node;
}

function filterProperties(query: URLSearchParams): Set<string> | undefined {
  const ids = query.getAll("filter_properties");
  return ids.length > 0 ? new Set(ids) : undefined;
}

function list(page: Page<JsonObject>, type: "block" | "page_or_data_source", requestId: string): JsonObject {
  return { object: "list", ...page, type, [type]: {}, request_id: requestId };
}

const getPage: Handler = (ctx, req, id) =>
  renderPage(ctx.render, reachable(ctx, "page", id, ["page"]) as PageNode, filterProperties(req.query));

const getBlock: Handler = (ctx, _req, id) => {
  const node = reachable(ctx, "block", id, ["page", "block", "database"]);
  return renderBlock(ctx.render, node as Exclude<WorkspaceNode, { kind: "data_source" }>);
};

const listChildren: Handler = (ctx, req, id) => {
  const node = reachable(ctx, "block", id, ["page", "block", "database"]);
  const pageSize = parsePageSize(req.query.get("page_size") ?? undefined, "query");
  const cursor = req.query.get("start_cursor") || null;
  const ids = node.kind === "page" || node.kind === "block" ? childSource(ctx.ws, node).children : [];
  const visible = (childId: string) => ctx.ws.get(childId)?.inTrash === false;
  const page = pageOfChildren(ids, visible, cursor, pageSize);
  const results = page.results.map((childId) => {
    const child = ctx.ws.get(childId) as Exclude<WorkspaceNode, { kind: "data_source" }>;
    return renderBlock(ctx.render, child);
  });
  return list({ ...page, results }, "block", ctx.requestId);
};

const getDatabase: Handler = (ctx, _req, id) => {
  const node = reachable(ctx, "database", id, ["database"]);
  return renderDatabase(ctx.render, node as Extract<WorkspaceNode, { kind: "database" }>);
};

const getDataSource: Handler = (ctx, _req, id) => {
  const node = reachable(ctx, "data_source", id, ["data_source"]);
  return renderDataSource(ctx.render, node as Extract<WorkspaceNode, { kind: "data_source" }>);
};

const queryDataSource: Handler = (ctx, req, id) => {
  const source = reachable(ctx, "data_source", id, ["data_source"]) as Extract<
    WorkspaceNode,
    { kind: "data_source" }
  >;
  const pageSize = parsePageSize(req.body.page_size, "body");
  const predicate = compileFilter(source, req.body.filter, ctx.now);
  const rows: PageNode[] = [];
  for (const rowId of source.rows) {
    const row = ctx.ws.get(rowId);
    if (row?.kind === "page" && !row.inTrash && !row.unshared && predicate(row)) rows.push(row);
  }
  const ordered = sortRows(source, rows, req.body.sorts).map((r) => r.id);
  const limited = ordered.slice(0, ctx.queryResultLimit);
  const cursor = typeof req.body.start_cursor === "string" ? req.body.start_cursor : null;
  const page = pageOfList(limited, cursor, pageSize);
  const only = filterProperties(req.query);
  const results = page.results.map((rowId) => renderPage(ctx.render, ctx.ws.get(rowId) as PageNode, only));
  const body = list({ ...page, results }, "page_or_data_source", ctx.requestId);
  if (ordered.length > limited.length && !page.has_more) {
    body.request_status = { type: "incomplete", incomplete_reason: "query_result_limit_reached" };
  }
  return body;
};

const search: Handler = (ctx, req) => {
  const params = parseSearchBody(req.body);
  const pageSize = parsePageSize(req.body.page_size, "body");
  const cursor = typeof req.body.start_cursor === "string" ? req.body.start_cursor : null;
  const page = pageOfList(ctx.search.ids(ctx.ws, params, ctx.now), cursor, pageSize);
  const results = page.results.map((nodeId) => {
    const node = ctx.ws.get(nodeId);
    return node?.kind === "data_source"
      ? renderDataSource(ctx.render, node)
      : renderPage(ctx.render, node as PageNode);
  });
  return list({ ...page, results }, "page_or_data_source", ctx.requestId);
};

const me: Handler = (ctx) => ({
  object: "user",
  id: ctx.ws.userId,
  name: "Notion Emulator",
  avatar_url: null,
  type: "bot",
  bot: { owner: { type: "workspace", workspace: true }, workspace_name: "Emulator Workspace" },
  request_id: ctx.requestId,
});

const ID = "([^/]+)";
const ROUTES: RouteDef[] = [
  { method: "POST", pattern: /^\/v1\/search\/?$/, template: "POST /v1/search", param: null, handler: search },
  {
    method: "GET",
    pattern: new RegExp(`^/v1/pages/${ID}/?$`),
    template: "GET /v1/pages/:id",
    param: "page_id",
    handler: getPage,
  },
  {
    method: "GET",
    pattern: new RegExp(`^/v1/blocks/${ID}/children/?$`),
    template: "GET /v1/blocks/:id/children",
    param: "block_id",
    handler: listChildren,
  },
  {
    method: "GET",
    pattern: new RegExp(`^/v1/blocks/${ID}/?$`),
    template: "GET /v1/blocks/:id",
    param: "block_id",
    handler: getBlock,
  },
  {
    method: "GET",
    pattern: new RegExp(`^/v1/databases/${ID}/?$`),
    template: "GET /v1/databases/:id",
    param: "database_id",
    handler: getDatabase,
  },
  {
    method: "GET",
    pattern: new RegExp(`^/v1/data_sources/${ID}/?$`),
    template: "GET /v1/data_sources/:id",
    param: "data_source_id",
    handler: getDataSource,
  },
  {
    method: "POST",
    pattern: new RegExp(`^/v1/data_sources/${ID}/query/?$`),
    template: "POST /v1/data_sources/:id/query",
    param: "data_source_id",
    handler: queryDataSource,
  },
  { method: "GET", pattern: /^\/v1\/users\/me\/?$/, template: "GET /v1/users/me", param: null, handler: me },
];

export function matchRoute(method: string, path: string): RouteMatch | null {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    const raw = m[1] === undefined ? null : decodeURIComponent(m[1]);
    const objectId = raw === null ? null : normalizeId(raw);
    return {
      template: route.template,
      objectId,
      run: (ctx, req) => {
        if (raw !== null && objectId === null) {
          throw validationError(
            `path failed validation: path.${route.param ?? "id"} should be a valid uuid, instead was \`${JSON.stringify(raw)}\`.`,
          );
        }
        return route.handler(ctx, req, objectId ?? "");
      },
    };
  }
  return null;
}
