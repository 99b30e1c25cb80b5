import { previewResponse } from "@/lib/cms/draft-preview";

/** GET /api/preview?slug=…[&exit=1] — the owner's draft preview (Next draft mode), from the dashboard. */
export async function GET(request: Request) {
  return previewResponse(new URL(request.url).searchParams);
}
