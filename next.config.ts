import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The sync engine and CLI share code with the app; keep the server bundle lean.
  serverExternalPackages: ["@notionhq/client"],
  poweredByHeader: false,
  // Pages, listings, metadata, the sitemap and robots are rendered once and served from Next's cache
  // ("use cache" + cacheTag + cacheLife, see src/lib/site/cached-reads.ts); a publish invalidates tags.
  cacheComponents: true,
  // A first request for a page not cached yet waits for the complete page (no streamed fallback), so
  // the status (404) is decided before anything is sent and each URL gets one complete cache entry.
  partialPrefetching: false,
  // `npm test` type-checks the whole repository (`tsc --noEmit`) before it builds; the build need not
  // do it again, and must not fail on test or benchmark files that are not part of the app.
  typescript: { ignoreBuildErrors: true },
  // Parallel builds (several test sessions in one checkout) can each use their own output folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default nextConfig;
