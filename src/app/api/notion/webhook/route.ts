import { handleNotionWebhook } from "@/lib/http/notion-webhook";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleNotionWebhook(request);
}
