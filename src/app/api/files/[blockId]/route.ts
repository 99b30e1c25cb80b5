import { cachedIsPublishedFile } from "@/lib/site/cached-reads";
import { serveFileRedirect } from "@/lib/site/file-redirect";

// Notion-hosted file URLs expire after an hour: pages link here and get a fresh one, for published files only.
export async function GET(request: Request, { params }: { params: Promise<{ blockId: string }> }) {
  const { blockId } = await params;
  const field = new URL(request.url).searchParams.get("field");
  return serveFileRedirect({ ownerId: blockId, field }, { isPublished: cachedIsPublishedFile });
}
