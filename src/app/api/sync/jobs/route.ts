import { handleListJobs } from "@/lib/http/jobs";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleListJobs(request);
}
