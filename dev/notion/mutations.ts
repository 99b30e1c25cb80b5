/**
 * Changes a test (or a developer) makes to the live workspace, stamped with the emulator clock and
 * bumping edit times the way Notion does: an edited block bumps itself and its page; adding, trashing
 * or moving a page bumps the page(s) it sits in.
 */
import type { BlockInput } from "./block-input";
import { EmulatorInputError } from "./errors";
import { normalizeId } from "./ids";
import type { ContainerNode, DataSourceNode, HostedFile, PageNode, Workspace, WorkspaceNode } from "./model";
import { setRowProperties } from "./properties";
import { toRichText } from "./rich-text";
import {
  type BuildContext,
  type PageInput,
  type RowInput,
  addHostedFile,
  createPage,
  createRow,
  insertBlocks,
} from "./workspace-builder";

export interface MutationHost {
  readonly ws: Workspace;
  now(): number;
  newId(): string;
  /** null revokes: every request then answers 401. */
  setToken(token: string | null): void;
}

export class WorkspaceMutations {
  constructor(private readonly host: MutationHost) {}

  /** The live store (read-only use: inspect ids, titles, children). */
  get store(): Workspace {
    return this.host.ws;
  }

  get rootPageId(): string {
    return this.host.ws.rootPageId;
  }

  private ctx(): BuildContext {
    return { ws: this.host.ws, newId: () => this.host.newId(), now: this.host.now() };
  }

  private node(id: string): WorkspaceNode {
    const key = normalizeId(id);
    const node = key ? this.host.ws.get(key) : undefined;
    if (!node) throw new EmulatorInputError(`no object with id ${id}`);
    return node;
  }

  private page(id: string): PageNode {
    const node = this.node(id);
    if (node.kind !== "page") throw new EmulatorInputError(`${id} is a ${node.kind}, not a page`);
    return node;
  }

  private container(id: string): ContainerNode {
    const node = this.node(id);
    if (node.kind !== "page" && node.kind !== "block") {
      throw new EmulatorInputError(`${id} is a ${node.kind}; blocks and pages go under a page or a block`);
    }
    return node;
  }

  private bump(...nodes: Array<WorkspaceNode | null | undefined>): void {
    const now = this.host.now();
    for (const node of nodes) if (node) node.lastEditedTime = now;
    this.host.ws.version++;
  }

  /** Bumps a container (page or block) and the page that holds it. */
  private bumpContainer(containerId: string | null): void {
    if (containerId === null) return;
    const container = this.host.ws.get(containerId);
    if (container?.kind === "data_source") return; // a row's parent: rows don't touch the database
    this.bump(container, this.host.ws.owningPage(containerId));
  }

  /** Replaces a text block's rich text (a string, or rich text items in request form). */
  editBlockText(blockId: string, text: string | unknown[]): void {
    const block = this.node(blockId);
    if (block.kind !== "block" || !Array.isArray(block.payload.rich_text)) {
      throw new EmulatorInputError(`${blockId} is not a text block`);
    }
    block.payload.rich_text = toRichText(text);
    this.bump(block, this.host.ws.containingPage(block));
  }

  /** Renames a page (its title property). */
  setPageTitle(pageId: string, title: string): void {
    const page = this.page(pageId);
    const entry = Object.entries(page.properties).find(([, v]) => v.type === "title");
    if (entry) entry[1].title = toRichText(title);
    this.bump(page);
  }

  /** Appends blocks (Notion request form) to a page or block; returns the new top-level ids. */
  appendBlocks(parentId: string, blocks: BlockInput[]): string[] {
    const parent = this.container(parentId);
    const ids = insertBlocks(this.ctx(), parent, blocks);
    this.bumpContainer(parent.id);
    return ids;
  }

  /** Moves a block to the trash (it disappears from listings; GET still answers, `in_trash: true`). */
  trashBlock(blockId: string): void {
    const block = this.node(blockId);
    if (block.kind !== "block") throw new EmulatorInputError(`${blockId} is not a block`);
    block.inTrash = true;
    this.bump(block);
    this.bumpContainer(block.parentId);
  }

  /** Creates a child page at the end of a page or block; returns its id. */
  addPage(parentId: string, input: PageInput): string {
    const parent = this.container(parentId);
    const ctx = this.ctx();
    const page = createPage(ctx, parent.id, input);
    parent.children.push(page.id);
    this.bumpContainer(parent.id);
    return page.id;
  }

  trashPage(pageId: string): void {
    this.setTrash(this.page(pageId), true);
  }

  restorePage(pageId: string): void {
    this.setTrash(this.page(pageId), false);
  }

  private setTrash(page: PageNode, inTrash: boolean): void {
    page.inTrash = inTrash;
    this.bump(page);
    this.bumpContainer(page.parentId);
  }

  /** Moves a page under another page or block (at the end); both old and new parents are bumped. */
  movePage(pageId: string, newParentId: string): void {
    const page = this.page(pageId);
    const target = this.container(newParentId);
    if (this.host.ws.isAncestor(page.id, target.id)) {
      throw new EmulatorInputError("cannot move a page into its own subtree");
    }
    const old = page.parentId === null ? undefined : this.host.ws.get(page.parentId);
    if (!old || (old.kind !== "page" && old.kind !== "block")) {
      throw new EmulatorInputError("only pages inside pages or blocks can be moved");
    }
    old.children = old.children.filter((id) => id !== page.id);
    target.children.push(page.id);
    page.parentId = target.id;
    this.bump(page);
    this.bumpContainer(old.id);
    this.bumpContainer(target.id);
  }

  private dataSource(id: string): DataSourceNode {
    const node = this.node(id);
    if (node.kind === "database") return this.dataSource(node.dataSources[0] ?? "");
    if (node.kind !== "data_source") throw new EmulatorInputError(`${id} is not a data source`);
    return node;
  }

  /** Adds a row to a data source (a database id picks its first source); returns the row's id. */
  addRow(dataSourceId: string, input: RowInput): string {
    const source = this.dataSource(dataSourceId);
    const row = createRow(this.ctx(), source, input);
    this.host.ws.version++;
    return row.id;
  }

  /** Sets row properties by name or id (friendly values or Notion request form). */
  updateRowProperties(rowId: string, properties: Record<string, unknown>): void {
    const row = this.page(rowId);
    const source = row.parentId === null ? undefined : this.host.ws.get(row.parentId);
    if (source?.kind !== "data_source") throw new EmulatorInputError(`${rowId} is not a data source row`);
    setRowProperties(source, row, properties);
    this.bump(row);
  }

  /** Simulates removing the integration's access: the object and its subtree answer 404. */
  unsharePage(id: string): void {
    this.node(id).unshared = true;
    this.host.ws.version++;
  }

  sharePage(id: string): void {
    this.node(id).unshared = false;
    this.host.ws.version++;
  }

  /** Registers a Notion-hosted file to reference as `{ type: "file_upload", file_upload: { id } }`. */
  addHostedFile(file: { name: string; contentType?: string; rgb?: [number, number, number] }): string {
    const hosted: HostedFile = {
      id: this.host.newId(),
      contentType: "image/png",
      rgb: [200, 120, 80],
      ...file,
    };
    addHostedFile(this.host.ws, hosted);
    return hosted.id;
  }

  /** Accept a different integration token from now on. */
  setToken(token: string): void {
    this.host.setToken(token);
  }

  /** Accept no token: every API request answers 401 until `setToken`. */
  revokeToken(): void {
    this.host.setToken(null);
  }
}
