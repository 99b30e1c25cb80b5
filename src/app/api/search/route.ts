import { handleSearch } from "@/lib/http/search";

/** Site search: drafts are never in the index, so they are never found. Logic: src/lib/http/search.ts. */
export function GET(request: Request) {
  return handleSearch(request);
}
