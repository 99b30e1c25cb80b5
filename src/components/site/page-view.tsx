import type { PageBundle } from "@/lib/bundle-types";
import { fileSrc } from "@/lib/site/site-paths";
import { Blocks } from "./blocks";
import { NotionIcon } from "./notion-icon";
import { PropertyList } from "./property-list";
import type { RenderContext } from "./render-context";

/** A synced page: cover, icon, title, properties (for database rows) and its blocks. */
export function PageView({ bundle, ctx }: { bundle: PageBundle; ctx: RenderContext }) {
  const cover = bundle.cover ? fileSrc(bundle.cover) : undefined;
  return (
    <article className="page">
      {cover ? (
        <div className="cover">
          {/* Lazy, like every image of a page: React preloads each eager <img> of a page the router
              prefetches, so a reader of one post would download the covers of every page it links to
              (third-party hosts included). A cover in view still loads at once. */}
          {/* eslint-disable-next-line @next/next/no-img-element -- served by a redirect with unknown dimensions */}
          <img src={cover} alt="" loading="lazy" decoding="async" />
        </div>
      ) : null}
      <header className="page-header">
        <NotionIcon icon={bundle.icon} className="page-icon" />
        <h1>{bundle.title || "Untitled"}</h1>
      </header>
      {bundle.parent.kind === "data_source" ? (
        <PropertyList properties={bundle.properties} ctx={ctx} />
      ) : null}
      <div className="page-body">
        <Blocks blocks={bundle.blocks} ctx={ctx} />
      </div>
    </article>
  );
}
