/**
 * Model → API JSON, in API version 2025-09-03 shapes (checked against @notionhq/client's
 * PageObjectResponse, BlockObjectResponse, DatabaseObjectResponse and DataSourceObjectResponse).
 */
import { notionUrl } from "./ids";
import type {
  BlockNode,
  DataSourceNode,
  DatabaseNode,
  FileRef,
  IconRef,
  JsonObject,
  PageNode,
  PropertyValue,
  Workspace,
  WorkspaceNode,
} from "./model";
import { plainText, plainTitle } from "./model";
import { emptyValue } from "./properties";

export interface RenderContext {
  ws: Workspace;
  /** Mints a fresh signed URL for a Notion-hosted file. */
  signFile(fileId: string): { url: string; expiry_time: string };
  /** Resolves emulator-served external URLs (`asset:name.png`) against the emulator's base URL. */
  assetUrl(url: string): string;
}

/** Notion rounds created / edited times down to the minute. */
export function minuteIso(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
}

const MEDIA_TYPES = new Set(["image", "video", "file", "pdf", "audio"]);

function user(ctx: RenderContext): JsonObject {
  return { object: "user", id: ctx.ws.userId };
}

export function renderFile(ctx: RenderContext, ref: FileRef): JsonObject {
  if (ref.type === "file") return { type: "file", file: ctx.signFile(ref.file.file_id) };
  return { type: "external", external: { url: ctx.assetUrl(ref.external.url) } };
}

function renderIcon(ctx: RenderContext, icon: IconRef | null): JsonObject | null {
  if (!icon) return null;
  return icon.type === "emoji" ? { type: "emoji", emoji: icon.emoji } : renderFile(ctx, icon);
}

export function renderParent(ctx: RenderContext, node: WorkspaceNode): JsonObject {
  const parent = node.parentId === null ? undefined : ctx.ws.get(node.parentId);
  if (!parent) return { type: "workspace", workspace: true };
  switch (parent.kind) {
    case "page":
      return { type: "page_id", page_id: parent.id };
    case "block":
      return { type: "block_id", block_id: parent.id };
    case "database":
      return { type: "database_id", database_id: parent.id };
    case "data_source":
      return { type: "data_source_id", data_source_id: parent.id, database_id: parent.parentId };
  }
}

function stamps(ctx: RenderContext, node: WorkspaceNode): JsonObject {
  return {
    created_time: minuteIso(node.createdTime),
    last_edited_time: minuteIso(node.lastEditedTime),
    created_by: user(ctx),
    last_edited_by: user(ctx),
  };
}

function renderPropertyValue(ctx: RenderContext, page: PageNode, value: PropertyValue): JsonObject {
  switch (value.type) {
    case "created_time":
      return { id: value.id, type: value.type, created_time: minuteIso(page.createdTime) };
    case "last_edited_time":
      return { id: value.id, type: value.type, last_edited_time: minuteIso(page.lastEditedTime) };
    case "created_by":
    case "last_edited_by":
      return { id: value.id, type: value.type, [value.type]: user(ctx) };
    case "files": {
      const files = (value.files as Array<FileRef & { name: string }>).map((f) => ({
        name: f.name,
        ...renderFile(ctx, f),
      }));
      return { id: value.id, type: "files", files };
    }
    default:
      return value;
  }
}

/** A page's properties; rows follow their data source's schema, optionally limited to some ids. */
export function renderProperties(
  ctx: RenderContext,
  page: PageNode,
  onlyIds?: ReadonlySet<string>,
): JsonObject {
  const parent = page.parentId === null ? undefined : ctx.ws.get(page.parentId);
  const out: JsonObject = {};
  if (parent?.kind !== "data_source") {
    for (const [name, value] of Object.entries(page.properties))
      out[name] = renderPropertyValue(ctx, page, value);
    return out;
  }
  for (const schema of parent.schema) {
    if (onlyIds && !onlyIds.has(schema.id) && !onlyIds.has(decodeURIComponent(schema.id))) continue;
    const value = page.properties[schema.name] ?? emptyValue(schema);
    out[schema.name] = renderPropertyValue(ctx, page, value);
  }
  return out;
}

export function renderPage(ctx: RenderContext, page: PageNode, onlyIds?: ReadonlySet<string>): JsonObject {
  return {
    object: "page",
    id: page.id,
    ...stamps(ctx, page),
    cover: page.cover ? renderFile(ctx, page.cover) : null,
    icon: renderIcon(ctx, page.icon),
    parent: renderParent(ctx, page),
    archived: page.inTrash,
    in_trash: page.inTrash,
    is_archived: page.inTrash,
    is_locked: false,
    properties: renderProperties(ctx, page, onlyIds),
    url: notionUrl(page.id, plainTitle(page)),
    public_url: null,
  };
}

/** The block whose children a listing returns: a synced copy shows its original's children. */
export function childSource(ws: Workspace, node: BlockNode | PageNode): BlockNode | PageNode {
  if (node.kind === "block" && node.type === "synced_block") {
    const from = node.payload.synced_from as { block_id: string } | null;
    const original = from ? ws.get(from.block_id) : undefined;
    if (original?.kind === "block") return original;
  }
  return node;
}

function hasVisibleChildren(ws: Workspace, node: BlockNode | PageNode): boolean {
  return childSource(ws, node).children.some((id) => ws.get(id)?.inTrash === false);
}

function renderPayload(ctx: RenderContext, node: BlockNode): JsonObject {
  const payload = node.payload;
  if (MEDIA_TYPES.has(node.type)) {
    const { caption, name, ...source } = payload;
    return { caption, ...renderFile(ctx, source as FileRef), ...(node.type === "file" ? { name } : {}) };
  }
  if (node.type === "callout") return { ...payload, icon: renderIcon(ctx, payload.icon as IconRef | null) };
  return payload;
}

/** Any object as a block: pages are `child_page` blocks, databases `child_database` blocks. */
export function renderBlock(ctx: RenderContext, node: PageNode | BlockNode | DatabaseNode): JsonObject {
  const common = { object: "block", id: node.id, parent: renderParent(ctx, node), ...stamps(ctx, node) };
  const trash = { archived: node.inTrash, in_trash: node.inTrash };
  if (node.kind === "page") {
    const has_children = hasVisibleChildren(ctx.ws, node);
    return { ...common, has_children, ...trash, type: "child_page", child_page: { title: plainTitle(node) } };
  }
  if (node.kind === "database") {
    return {
      ...common,
      has_children: false,
      ...trash,
      type: "child_database",
      child_database: { title: plainTitle(node) },
    };
  }
  const has_children = hasVisibleChildren(ctx.ws, node);
  return { ...common, has_children, ...trash, type: node.type, [node.type]: renderPayload(ctx, node) };
}

export function renderDatabase(ctx: RenderContext, db: DatabaseNode): JsonObject {
  const sources = db.dataSources
    .map((id) => ctx.ws.get(id))
    .filter((s): s is DataSourceNode => s?.kind === "data_source" && !s.inTrash);
  return {
    object: "database",
    id: db.id,
    title: db.title,
    description: db.description,
    parent: renderParent(ctx, db),
    is_inline: db.isInline,
    in_trash: db.inTrash,
    archived: db.inTrash,
    is_locked: false,
    created_time: minuteIso(db.createdTime),
    last_edited_time: minuteIso(db.lastEditedTime),
    data_sources: sources.map((s) => ({ id: s.id, name: plainText(s.title) })),
    icon: renderIcon(ctx, db.icon),
    cover: db.cover ? renderFile(ctx, db.cover) : null,
    url: notionUrl(db.id),
    public_url: null,
  };
}

export function renderDataSource(ctx: RenderContext, source: DataSourceNode): JsonObject {
  const db = ctx.ws.get(source.parentId ?? "");
  const database = db?.kind === "database" ? db : undefined;
  const properties: JsonObject = {};
  for (const p of source.schema) {
    properties[p.name] = { id: p.id, name: p.name, description: null, type: p.type, [p.type]: p.config };
  }
  return {
    object: "data_source",
    id: source.id,
    title: source.title,
    description: source.description,
    parent: { type: "database_id", database_id: source.parentId },
    database_parent: database ? renderParent(ctx, database) : { type: "workspace", workspace: true },
    is_inline: database?.isInline ?? false,
    archived: source.inTrash,
    in_trash: source.inTrash,
    ...stamps(ctx, source),
    properties,
    icon: renderIcon(ctx, database?.icon ?? null),
    cover: database?.cover ? renderFile(ctx, database.cover) : null,
    url: notionUrl(database?.id ?? source.id),
    public_url: null,
  };
}
