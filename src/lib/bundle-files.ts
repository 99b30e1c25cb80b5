import type { BlockNode, Bundle, FileRef, Icon } from "./bundle-types";

/** The index key of a Notion-hosted file: where `/api/files/{ownerId}?field=` finds it. */
export function fileKey(ownerId: string, field: string): string {
  return `${ownerId.replace(/-/g, "").toLowerCase()}:${field}`;
}

/**
 * Every Notion-hosted file a bundle shows (blocks, callout icons, cover, icon, files properties,
 * listing rows' icons): the only files `/api/files` serves for it.
 */
export function fileKeysOf(bundle: Bundle): string[] {
  const keys = new Set<string>();
  const add = (file: FileRef | undefined) => {
    if (file?.kind === "notion") keys.add(fileKey(file.ownerId, file.field));
  };
  const addIcon = (icon: Icon | undefined) => {
    if (icon?.kind === "file") add(icon.file);
  };
  const visit = (blocks: readonly BlockNode[]) => {
    for (const block of blocks) {
      if ("file" in block) add(block.file);
      if (block.type === "callout") addIcon(block.icon);
      if (block.children) visit(block.children);
    }
  };
  addIcon(bundle.icon);
  if (bundle.kind === "page") {
    add(bundle.cover);
    visit(bundle.blocks);
    for (const prop of Object.values(bundle.properties)) if (prop.type === "files") prop.files.forEach(add);
  } else {
    for (const row of bundle.rows) addIcon(row.icon);
  }
  return [...keys];
}
