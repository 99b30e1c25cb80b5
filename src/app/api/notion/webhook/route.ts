import { handleNotionWebhook } from "@/lib/http/notion-webhook";

export function POST(request: Request) {
  return handleNotionWebhook(request);
}
