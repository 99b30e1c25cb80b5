import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { SearchResults } from "@/components/site/search-results";
import { SiteShell } from "@/components/site/site-shell";
import { clientKey } from "@/lib/http/search";
import { normalizeQuery } from "@/lib/search/query";
import { runSearch } from "@/lib/search/search-request";
import { getStore } from "@/lib/store/redis";
import { readSiteTitle } from "@/lib/store/site-reader";

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

/** Per request by nature (the query is the reader's): never cached, read inside the Suspense boundary. */
async function SearchView({ searchParams }: Props) {
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

export default function SearchPage({ searchParams }: Props) {
  return (
    <Suspense
      fallback={
        <SiteShell siteTitle="Search">
          <h1>Search</h1>
          <SearchForm query="" />
        </SiteShell>
      }
    >
      <SearchView searchParams={searchParams} />
    </Suspense>
  );
}
