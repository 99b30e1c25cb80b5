import { handleListJobs } from "@/lib/http/jobs";

export function GET(request: Request) {
  return handleListJobs(request);
}
