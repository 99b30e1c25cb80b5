import { handleTrigger } from "@/lib/http/trigger";

/** Vercel cron calls GET with `Authorization: Bearer $CRON_SECRET`. */
export function GET(request: Request) {
  return handleTrigger(request);
}

export function POST(request: Request) {
  return handleTrigger(request);
}
