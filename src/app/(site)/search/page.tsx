import type { Metadata } from "next";
import { headers } from "next/headers";
import { SearchResults } from "@/components/site/search-results";
import { SiteShell } from "@/components/site/site-shell";
import { clientKey } from "@/lib/http/search";
import { normalizeQuery } from "@/lib/search/query";
import { runSearch } from "@/lib/search/search-request";
import { getStore } from "@/lib/store/redis";
import { readSiteTitle } from "@/lib/store/site-reader";

// Per request by nature (the query is the reader's), and it must work without JavaScript: the page
// blocks until its results are ready and sends them in the HTML. Results streamed into a Suspense
// boundary would stay hidden for a reader without JavaScript (React reveals them with an inline script),
// so searchParams is read at the top, and `instant = false` lets this one route block. Never cached.
export const instant = false;

export const metadata: Metadata = { title: "Search", robots: { index: false } };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

function SearchForm({ query }: { query: string }) {
  return (
    <form className="search-form" role="search" action="/search" method="get">
      <label htmlFor="search-query">Search this site</label>
      <input
        id="search-query"
        name="q"
        type="search"
        defaultValue={query}
        maxLength={200}
        autoComplete="off"
      />
      <button type="submit">Search</button>
    </form>
  );
}

export default async function SearchPage({ searchParams }: Props) {
  const query = first((await searchParams).q).slice(0, 200);
  const store = getStore();
  const [siteTitle, outcome] = await Promise.all([
    readSiteTitle(store).catch(() => null),
    normalizeQuery(query) ? runSearch(store, clientKey(await headers()), query, 20) : null,
  ]);
  return (
    <SiteShell siteTitle={siteTitle ?? "Home"}>
      <h1>Search</h1>
      <SearchForm query={query} />
      {outcome === null ? null : outcome.state === "ok" ? (
        <SearchResults query={query} results={outcome.results} />
      ) : (
        <p className="notice" role="alert">
          {outcome.message}
        </p>
      )}
    </SiteShell>
  );
}
