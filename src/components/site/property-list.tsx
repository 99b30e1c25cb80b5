import type { ReactNode } from "react";
import type { PropertyValue } from "@/lib/bundle-types";
import { publishingRules } from "@/lib/config";
import { formatDate } from "@/lib/site/dates";
import { colorClass, pathOf, safeHref } from "@/lib/site/site-paths";
import { controlPropertyNames } from "@/lib/sync/publishing-rules";
import type { RenderContext } from "./render-context";
import { RichText } from "./rich-text";

/** Select, status and multi-select values as chips in their Notion colour. */
function Tags({ values }: { values: { name: string; color?: string }[] }) {
  return (
    <ul className="tags">
      {values.map((v) => (
        <li
          key={v.name}
          className={colorClass(v.color && v.color !== "default" ? `${v.color}_background` : undefined)}
        >
          {v.name}
        </li>
      ))}
    </ul>
  );
}

const NUMBER = new Intl.NumberFormat("en", { maximumFractionDigits: 6 });

function joinNodes(nodes: ReactNode[]): ReactNode {
  return nodes.flatMap((node, i) => (i === 0 ? [node] : [", ", node]));
}

/** The readable form of one property, or null when it is empty. */
function valueOf(value: PropertyValue, ctx: RenderContext): ReactNode {
  switch (value.type) {
    case "title":
    case "rich_text":
      return value.spans.length ? <RichText spans={value.spans} ctx={ctx} /> : null;
    case "number":
      return value.value === null ? null : NUMBER.format(value.value);
    case "checkbox":
      return value.value ? "Yes" : "No";
    case "select":
    case "status":
      return value.value ? <Tags values={[{ name: value.value, color: value.color }]} /> : null;
    case "multi_select":
      return value.values.length ? <Tags values={value.values} /> : null;
    case "date": {
      const [start, end] = [formatDate(value.start), formatDate(value.end)];
      if (!start) return null;
      return <time dateTime={value.start ?? undefined}>{end ? `${start} – ${end}` : start}</time>;
    }
    case "url": {
      const href = safeHref(value.value ?? undefined);
      return href ? <a href={href}>{value.value}</a> : value.value;
    }
    case "email":
      return value.value ? <a href={`mailto:${value.value}`}>{value.value}</a> : null;
    case "phone_number":
      return value.value ? <a href={`tel:${value.value.replace(/[^0-9+]/g, "")}`}>{value.value}</a> : null;
    case "people":
      return value.names.length ? value.names.join(", ") : null;
    case "relation": {
      const linked = value.ids.flatMap((id) => {
        const slug = ctx.resolvePage(id);
        return slug === null
          ? []
          : [
              <a key={id} href={pathOf(slug)}>
                {ctx.pageTitle(id) || "Untitled"}
              </a>,
            ];
      });
      return linked.length ? joinNodes(linked) : null;
    }
    case "files":
      // /api/files cannot refresh a file of a property (its FileRef names the page, not the property),
      // so only external files get a link; Notion-hosted ones are listed by name.
      return value.files.length
        ? joinNodes(
            value.files.map((f, i) =>
              f.kind === "external" && safeHref(f.url) ? (
                <a key={i} href={f.url}>{`File ${i + 1}`}</a>
              ) : (
                <span key={i}>{`File ${i + 1}`}</span>
              ),
            ),
          )
        : null;
    case "timestamp":
      return formatDate(value.value);
    case "other":
      return value.text || null;
    default:
      return null;
  }
}

/**
 * The properties of a database row page. Its title is already the page heading, and the properties that
 * only steer publishing and URLs (slug, published, status, publish date) are never shown to readers.
 */
export function PropertyList({
  properties,
  ctx,
}: {
  properties: Record<string, PropertyValue>;
  ctx: RenderContext;
}) {
  const hidden = controlPropertyNames(publishingRules());
  const rows = Object.entries(properties)
    .filter(([name, value]) => value.type !== "title" && !hidden.has(name.trim().toLowerCase()))
    .map(([name, value]) => [name, valueOf(value, ctx)] as const)
    .filter(([, node]) => node !== null && node !== "");
  if (rows.length === 0) return null;
  return (
    <dl className="properties">
      {rows.map(([name, node]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{node}</dd>
        </div>
      ))}
    </dl>
  );
}
