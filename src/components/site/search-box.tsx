import { SearchShortcut } from "./search-shortcut";
import "./search.css";

/** The header's search form: a plain GET to /search, so it works without JavaScript. */
export function SearchBox() {
  return (
    <form className="site-search" role="search" action="/search" method="get">
      <label htmlFor="site-search" className="visually-hidden">
        Search this site
      </label>
      <input
        id="site-search"
        name="q"
        type="search"
        placeholder="Search"
        aria-keyshortcuts="/ Control+K Meta+K"
        autoComplete="off"
      />
      <button type="submit">Search</button>
      <SearchShortcut />
    </form>
  );
}
