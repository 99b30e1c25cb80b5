import type { SearchResultView } from "@/lib/search/query";
import "./search.css";

/** The results of a search: each with its breadcrumb, title link and snippet with the matched words marked. */
export function SearchResults({ query, results }: { query: string; results: SearchResultView[] }) {
  if (results.length === 0) {
    return (
      <p className="search-empty" role="status">
        No page matches “{query}”. Try fewer or shorter words.
      </p>
    );
  }
  return (
    <section aria-labelledby="search-results-heading">
      <h2 id="search-results-heading" className="search-count">
        {results.length === 1 ? "1 result" : `${results.length} results`} for “{query}”
      </h2>
      <ol className="search-results">
        {results.map((r) => (
          <li key={r.url}>
            {r.breadcrumb.length ? (
              <nav aria-label={`Where “${r.title}” is`} className="search-crumbs">
                {r.breadcrumb.join(" › ")}
              </nav>
            ) : null}
            <h3>
              <a href={r.url}>{r.title || "Untitled"}</a>
            </h3>
            <p className="search-snippet">
              {r.parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : part.text))}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
