import { serveFileRedirect } from "@/lib/site/file-redirect";

// Notion-hosted file URLs expire after an hour: every page links here and gets a fresh one.
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ blockId: string }> }) {
  const { blockId } = await params;
  const field = new URL(request.url).searchParams.get("field");
  return serveFileRedirect({ ownerId: blockId, field });
}
