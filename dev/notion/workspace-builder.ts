import { type BlockInput, blockPayload, childInputs, toFileRef, toIcon } from "./block-input";
import { isObject } from "./json";
import { EmulatorInputError } from "./errors";
import { normalizeId } from "./ids";
import type {
  BlockNode,
  ContainerNode,
  DataSourceNode,
  DatabaseNode,
  HostedFile,
  PageNode,
  RichTextItem,
  Workspace,
} from "./model";
import { type PropertySchemaInput, buildSchema, setRowProperties } from "./properties";
import { toRichText } from "./rich-text";

/** Where new objects go and what they are stamped with. */
export interface BuildContext {
  ws: Workspace;
  newId: () => string;
  /** Creation / edit time (epoch ms) for everything built in this step. */
  now: number;
}

export interface PageInput {
  id?: string;
  title: string | RichTextItem[];
  icon?: unknown;
  cover?: unknown;
  blocks?: BlockInput[];
}

export interface RowInput {
  id?: string;
  properties: Record<string, unknown>;
  icon?: unknown;
  cover?: unknown;
  blocks?: BlockInput[];
}

export interface DatabaseInput {
  id?: string;
  dataSourceId?: string;
  title: string;
  description?: string;
  isInline?: boolean;
  icon?: unknown;
  properties: PropertySchemaInput[];
  rows?: RowInput[];
}

function takeId(ctx: BuildContext, requested: unknown): string {
  if (requested === undefined) return ctx.newId();
  const id = typeof requested === "string" ? normalizeId(requested) : null;
  if (!id) throw new EmulatorInputError(`not a valid id: ${JSON.stringify(requested)}`);
  if (ctx.ws.nodes.has(id)) throw new EmulatorInputError(`id already in use: ${id}`);
  return id;
}

const base = (ctx: BuildContext, id: string, parentId: string | null) => ({
  id,
  parentId,
  createdTime: ctx.now,
  lastEditedTime: ctx.now,
  inTrash: false,
  unshared: false,
});

/** Creates blocks (and pages / databases written as blocks) under a page or block, at `index`. */
export function insertBlocks(
  ctx: BuildContext,
  parent: ContainerNode,
  inputs: readonly BlockInput[],
  index = parent.children.length,
): string[] {
  const ids = inputs.map((input) => createFromInput(ctx, parent.id, input).id);
  parent.children.splice(index, 0, ...ids);
  ctx.ws.version++;
  return ids;
}

function createFromInput(
  ctx: BuildContext,
  parentId: string,
  input: BlockInput,
): ContainerNode | DatabaseNode {
  if (!isObject(input)) throw new EmulatorInputError("a block must be an object");
  if (input.type === "child_page") {
    const payload = isObject(input.child_page) ? input.child_page : {};
    return createPage(ctx, parentId, {
      id: input.id,
      title: typeof payload.title === "string" ? payload.title : "Untitled",
      icon: input.icon,
      cover: input.cover,
      blocks: childInputs(input),
    });
  }
  if (input.type === "child_database") {
    if (!isObject(input.database)) throw new EmulatorInputError("child_database needs a database input");
    return createDatabase(ctx, parentId, input.database as unknown as DatabaseInput);
  }
  const node: BlockNode = {
    ...base(ctx, takeId(ctx, input.id), parentId),
    kind: "block",
    type: input.type,
    payload: blockPayload(ctx.ws, input),
    children: [],
  };
  ctx.ws.add(node);
  insertBlocks(ctx, node, childInputs(input));
  return node;
}

/** Creates a page (registered, not yet listed in its parent's children). */
export function createPage(ctx: BuildContext, parentId: string | null, input: PageInput): PageNode {
  const page: PageNode = {
    ...base(ctx, takeId(ctx, input.id), parentId),
    kind: "page",
    properties: { title: { id: "title", type: "title", title: toRichText(input.title) } },
    icon: toIcon(ctx.ws, input.icon),
    cover: input.cover === undefined || input.cover === null ? null : toFileRef(ctx.ws, input.cover),
    children: [],
  };
  ctx.ws.add(page);
  insertBlocks(ctx, page, input.blocks ?? []);
  return page;
}

/** Creates a database with one data source (and its rows); returns the database. */
export function createDatabase(ctx: BuildContext, parentId: string, input: DatabaseInput): DatabaseNode {
  const database: DatabaseNode = {
    ...base(ctx, takeId(ctx, input.id), parentId),
    kind: "database",
    title: toRichText(input.title),
    description: toRichText(input.description ?? ""),
    isInline: input.isInline ?? false,
    icon: toIcon(ctx.ws, input.icon),
    cover: null,
    dataSources: [],
  };
  ctx.ws.add(database);
  const source: DataSourceNode = {
    ...base(ctx, takeId(ctx, input.dataSourceId), database.id),
    kind: "data_source",
    title: toRichText(input.title),
    description: toRichText(input.description ?? ""),
    schema: buildSchema(input.properties),
    rows: [],
  };
  if (!source.schema.some((p) => p.type === "title")) {
    throw new EmulatorInputError("a data source needs exactly one title property");
  }
  ctx.ws.add(source);
  database.dataSources.push(source.id);
  for (const row of input.rows ?? []) createRow(ctx, source, row);
  return database;
}

/** Creates a row (a page whose parent is the data source) at the end of the source. */
export function createRow(ctx: BuildContext, source: DataSourceNode, input: RowInput): PageNode {
  const page: PageNode = {
    ...base(ctx, takeId(ctx, input.id), source.id),
    kind: "page",
    properties: {},
    icon: toIcon(ctx.ws, input.icon),
    cover: input.cover === undefined || input.cover === null ? null : toFileRef(ctx.ws, input.cover),
    children: [],
  };
  for (const schema of source.schema) {
    if (schema.type === "title") page.properties[schema.name] = { id: schema.id, type: "title", title: [] };
  }
  setRowProperties(source, page, input.properties);
  ctx.ws.add(page);
  source.rows.push(page.id);
  insertBlocks(ctx, page, input.blocks ?? []);
  return page;
}

/** Registers a Notion-hosted file (a generated PNG unless another content type is given). */
export function addHostedFile(
  ws: Workspace,
  file: Partial<HostedFile> & { id: string; name: string },
): HostedFile {
  const hosted: HostedFile = { contentType: "image/png", rgb: [90, 120, 200], ...file };
  ws.files.set(hosted.id, hosted);
  return hosted;
}
