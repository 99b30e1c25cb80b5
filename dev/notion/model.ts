/**
 * The in-memory workspace: every object (page, block, database, data source) in one map keyed by its
 * dashed id, children kept as ordered id lists. Times are raw epoch ms; the API rounds them on the way
 * out (see shapes.ts). Nothing here knows about HTTP.
 */

export type JsonObject = Record<string, unknown>;
export type Color = string;

export interface Annotations {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
  color: Color;
}

interface RichTextCommon {
  plain_text: string;
  href: string | null;
  annotations: Annotations;
}

/** Rich text is stored in Notion's response form so it can be served as is. */
export type RichTextItem = RichTextCommon &
  (
    | { type: "text"; text: { content: string; link: { url: string } | null } }
    | { type: "mention"; mention: JsonObject }
    | { type: "equation"; equation: { expression: string } }
  );

/** A file as stored: external URLs as is; Notion-hosted files by id (signed URLs are minted per read). */
export type FileRef =
  { type: "external"; external: { url: string } } | { type: "file"; file: { file_id: string } };
export type IconRef = { type: "emoji"; emoji: string } | FileRef;

export interface HostedFile {
  id: string;
  name: string;
  contentType: string;
  /** Seed for the generated image bytes (see png.ts). */
  rgb: [number, number, number];
}

interface NodeBase {
  id: string;
  /** null means the workspace itself. */
  parentId: string | null;
  createdTime: number;
  lastEditedTime: number;
  inTrash: boolean;
  /** Simulates "not shared with the integration": the node and its subtree answer 404. */
  unshared: boolean;
}

export interface PropertyValue {
  id: string;
  type: string;
  [key: string]: unknown;
}

export interface PageNode extends NodeBase {
  kind: "page";
  properties: Record<string, PropertyValue>;
  icon: IconRef | null;
  cover: FileRef | null;
  children: string[];
}

export interface BlockNode extends NodeBase {
  kind: "block";
  type: string;
  /** The type-specific object (`block[block.type]`), response form. */
  payload: JsonObject;
  children: string[];
}

export interface DatabaseNode extends NodeBase {
  kind: "database";
  title: RichTextItem[];
  description: RichTextItem[];
  isInline: boolean;
  icon: IconRef | null;
  cover: FileRef | null;
  dataSources: string[];
}

export interface PropertySchema {
  id: string;
  name: string;
  type: string;
  config: JsonObject;
}

export interface DataSourceNode extends NodeBase {
  kind: "data_source";
  title: RichTextItem[];
  description: RichTextItem[];
  schema: PropertySchema[];
  rows: string[];
}

export type WorkspaceNode = PageNode | BlockNode | DatabaseNode | DataSourceNode;
export type ContainerNode = PageNode | BlockNode;

/** Guards ancestor walks against a corrupted (cyclic) tree. */
const MAX_DEPTH = 10_000;

export class Workspace {
  readonly nodes = new Map<string, WorkspaceNode>();
  readonly files = new Map<string, HostedFile>();
  /** Bumped on every change so derived caches (search order) know when to rebuild. */
  version = 0;
  /** Rebuilds a pristine copy (set by the demo and the generator); reset uses it instead of a clone. */
  rebuild?: () => Workspace;

  constructor(
    public rootPageId: string,
    /** The user shown as created_by / last_edited_by. */
    public readonly userId: string,
  ) {}

  add<T extends WorkspaceNode>(node: T): T {
    this.nodes.set(node.id, node);
    this.version++;
    return node;
  }

  get(id: string): WorkspaceNode | undefined {
    return this.nodes.get(id);
  }

  /** The ordered child ids of a page or block (pages and child databases appear as child blocks). */
  childrenOf(node: WorkspaceNode): string[] | null {
    return node.kind === "page" || node.kind === "block" ? node.children : null;
  }

  /** The page that owns a node: itself for a page, else the nearest page ancestor. */
  owningPage(id: string): PageNode | null {
    let current = this.nodes.get(id);
    for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
      if (current.kind === "page") return current;
      current = current.parentId === null ? undefined : this.nodes.get(current.parentId);
    }
    return null;
  }

  /** The page that contains a node, excluding the node itself. */
  containingPage(node: WorkspaceNode): PageNode | null {
    return node.parentId === null ? null : this.owningPage(node.parentId);
  }

  /**
   * Whether the integration can see a node: it and its ancestors are shared, and no ancestor is in the
   * trash (a trashed object itself stays readable, flagged `in_trash`).
   */
  isReachable(id: string): boolean {
    const node = this.nodes.get(id);
    if (!node || node.unshared) return false;
    let parentId = node.parentId;
    for (let depth = 0; parentId !== null && depth < MAX_DEPTH; depth++) {
      const parent = this.nodes.get(parentId);
      if (!parent || parent.unshared || parent.inTrash) return false;
      parentId = parent.parentId;
    }
    return true;
  }

  isAncestor(ancestorId: string, id: string): boolean {
    let current = this.nodes.get(id);
    for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
      if (current.id === ancestorId) return true;
      current = current.parentId === null ? undefined : this.nodes.get(current.parentId);
    }
    return false;
  }

  /** A deep copy (used to reset an emulator to its starting state). */
  clone(): Workspace {
    const copy = new Workspace(this.rootPageId, this.userId);
    for (const [id, node] of this.nodes) copy.nodes.set(id, structuredClone(node));
    for (const [id, file] of this.files) copy.files.set(id, { ...file, rgb: [...file.rgb] });
    copy.rebuild = this.rebuild;
    return copy;
  }
}

/** The title of a page (its `title` property) or of a database / data source as plain text. */
export function plainTitle(node: WorkspaceNode): string {
  if (node.kind === "database" || node.kind === "data_source") return plainText(node.title);
  if (node.kind === "block") return "";
  for (const value of Object.values(node.properties)) {
    if (value.type === "title") return plainText(value.title as RichTextItem[]);
  }
  return "";
}

export function plainText(items: readonly RichTextItem[]): string {
  return items.map((item) => item.plain_text).join("");
}
