import katex from "katex";

export type RenderedMath = { ok: true; html: string } | { ok: false; source: string; error: string };

/**
 * TeX → HTML (with MathML for screen readers) on the server. KaTeX escapes the source and `trust` stays
 * off, so the HTML is safe to inline; invalid TeX comes back as its source so the page still renders.
 */
export function renderMath(tex: string, displayMode: boolean): RenderedMath {
  try {
    const html = katex.renderToString(tex, {
      displayMode,
      throwOnError: true,
      output: "htmlAndMathml",
      trust: false,
      strict: "ignore",
      maxExpand: 1000,
      maxSize: 50,
    });
    return { ok: true, html };
  } catch (error) {
    return { ok: false, source: tex, error: error instanceof Error ? error.message : String(error) };
  }
}
