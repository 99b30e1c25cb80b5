import { serveFileRedirect } from "@/lib/site/file-redirect";

export async function GET(request: Request, { params }: { params: Promise<{ blockId: string }> }) {
  const { blockId } = await params;
  const field = new URL(request.url).searchParams.get("field");
  return serveFileRedirect({ ownerId: blockId, field });
}
