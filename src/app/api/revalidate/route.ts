import { handleRevalidate } from "@/lib/site/revalidate-request";

export function POST(request: Request) {
  return handleRevalidate(request);
}
