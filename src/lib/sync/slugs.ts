import slugify from "@sindresorhus/slugify";
import type { PropertyValue } from "../bundle-types";
import type { PlannedEntry } from "../store/manifest";

/** A page's own slug segment: its slug property (SLUG_PROPERTY) when set, else its title; never empty. */
export function slugSegment(
  id: string,
  title: string,
  properties: Record<string, PropertyValue>,
  slugProperty = "Slug",
): string {
  const wanted = slugProperty.trim().toLowerCase();
  const explicit = Object.entries(properties).find(
    ([name, p]) => name.trim().toLowerCase() === wanted && (p.type === "rich_text" || p.type === "title"),
  )?.[1];
  const source = explicit && "text" in explicit && explicit.text.trim() ? explicit.text : title;
  const segments = source
    .split("/")
    .map((part) => slugify(part))
    .filter(Boolean);
  return segments.join("/") || id.replace(/-/g, "").slice(0, 12);
}

/**
 * Assign every entry its URL path: parent path + own segment, the root being "". Siblings that would
 * collide get a short id suffix; an entry that already held a path in the previous generation keeps
 * it, so links stay stable when a namesake is added later.
 */
export function assignSlugs(
  entries: Map<string, PlannedEntry>,
  rootId: string,
  previousSlug: (id: string) => string | undefined = () => undefined,
): void {
  const root = entries.get(rootId);
  if (!root) return;
  root.slug = "";
  const taken = new Set<string>([""]);
  const queue: PlannedEntry[] = [root];
  for (let i = 0; i < queue.length; i++) {
    const parent = queue[i]!;
    const kids = parent.children
      .map((id) => entries.get(id))
      .filter((e): e is PlannedEntry => e !== undefined && e.parentId === parent.id);
    const base = (e: PlannedEntry) => (parent.slug ? `${parent.slug}/${e.segment}` : e.segment);
    // Entries that keep their previous path claim first, then the rest in document order.
    const keeps = kids.filter((e) => previousSlug(e.id) === base(e) && !taken.has(base(e)));
    // The previous generation's own string: one copy of the path where the two generations agree.
    for (const e of keeps) taken.add((e.slug = previousSlug(e.id)!));
    for (const e of kids) {
      if (keeps.includes(e)) continue;
      let slug = base(e);
      if (taken.has(slug)) slug = `${slug}-${e.id.replace(/-/g, "").slice(0, 6)}`;
      for (let n = 2; taken.has(slug); n++) slug = `${base(e)}-${n}`;
      taken.add((e.slug = slug));
    }
    queue.push(...kids);
  }
}
