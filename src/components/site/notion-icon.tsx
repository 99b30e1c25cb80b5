import type { Icon } from "@/lib/bundle-types";
import { fileSrc } from "@/lib/site/site-paths";

/** A page or callout icon. It is decoration next to a title, so assistive tech skips it. */
export function NotionIcon({ icon, className }: { icon: Icon | undefined; className: string }) {
  if (!icon) return null;
  if (icon.kind === "emoji") {
    return (
      <span className={className} aria-hidden="true">
        {icon.emoji}
      </span>
    );
  }
  const src = fileSrc(icon.file);
  if (!src) return null; // an external icon that is not http(s)
  // Lazy so a prefetched page's icons are not preloaded (see PageView's cover).
  // eslint-disable-next-line @next/next/no-img-element -- a tiny redirect-served file; next/image adds nothing here
  return <img className={className} src={src} alt="" aria-hidden="true" loading="lazy" decoding="async" />;
}
