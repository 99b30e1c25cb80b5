import { handleCallback } from "@/lib/http/callback";

export function POST(request: Request) {
  return handleCallback(request);
}
