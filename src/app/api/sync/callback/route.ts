import { handleCallback } from "@/lib/http/callback";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleCallback(request);
}
