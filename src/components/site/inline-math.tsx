import { renderMath } from "@/lib/render/math";

/** An inline equation inside rich text. */
export function InlineMath({ tex }: { tex: string }) {
  const math = renderMath(tex, false);
  if (!math.ok) {
    return (
      <code className="inline-equation equation-error" title={math.error}>
        {math.source}
      </code>
    );
  }
  return <span className="inline-equation" dangerouslySetInnerHTML={{ __html: math.html }} />;
}
