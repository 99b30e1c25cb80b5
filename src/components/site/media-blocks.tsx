import type { FileRef, Span } from "@/lib/bundle-types";
import type { BlockOf } from "@/lib/site/block-structure";
import { fileSrc, plainText, safeHref } from "@/lib/site/site-paths";
import type { RenderContext } from "./render-context";
import { RichText } from "./rich-text";

type MediaBlock = BlockOf<"image" | "video" | "file" | "pdf" | "audio">;
type LinkBlock = BlockOf<"bookmark" | "embed" | "link_preview">;

function Caption({ spans, ctx }: { spans: Span[] | undefined; ctx: RenderContext }) {
  return spans?.length ? (
    <figcaption>
      <RichText spans={spans} ctx={ctx} />
    </figcaption>
  ) : null;
}

/** The last path segment of a URL, which is the file name for Notion-hosted files. */
function fileName(file: FileRef): string | undefined {
  try {
    const last = new URL(file.url).pathname.split("/").filter(Boolean).pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

// External videos are usually pages (YouTube, Vimeo), not media files a <video> element can play.
const PLAYABLE = /\.(mp4|webm|ogv|ogg|mov|m4v)(\?|#|$)/i;

const FALLBACK_LABEL = { image: "Image", video: "Video", audio: "Audio", file: "File", pdf: "PDF" } as const;

export function Media({ block, ctx }: { block: MediaBlock; ctx: RenderContext }) {
  const src = block.file.kind === "external" ? safeHref(block.file.url) : fileSrc(block.file);
  if (!src) return null;
  const caption = plainText(block.caption);
  const label = block.name || caption || fileName(block.file) || FALLBACK_LABEL[block.type];
  let body;
  switch (block.type) {
    case "image":
      // eslint-disable-next-line @next/next/no-img-element -- served by a redirect with unknown dimensions; next/image would need every host allow-listed
      body = <img src={src} alt={caption} loading="lazy" decoding="async" />;
      break;
    case "video":
      body =
        block.file.kind === "notion" || PLAYABLE.test(block.file.url) ? (
          <video controls preload="metadata" src={src}>
            <a href={src}>{label}</a>
          </video>
        ) : (
          <a href={src}>{label}</a>
        );
      break;
    case "audio":
      body = (
        <audio controls preload="none" src={src}>
          <a href={src}>{label}</a>
        </audio>
      );
      break;
    default:
      body = (
        <a className="file-link" href={src}>
          {label}
        </a>
      );
  }
  return (
    <figure className={block.type}>
      {body}
      <Caption spans={block.caption} ctx={ctx} />
    </figure>
  );
}

/** Bookmarks, embeds and link previews become plain links: no third-party iframes on the site. */
export function LinkCard({ block, ctx }: { block: LinkBlock; ctx: RenderContext }) {
  const href = safeHref(block.url);
  if (!href) return null;
  return (
    <figure className="bookmark">
      <a href={href}>{block.url}</a>
      <Caption spans={block.caption} ctx={ctx} />
    </figure>
  );
}
