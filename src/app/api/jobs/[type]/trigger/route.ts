import { handleJobTrigger } from "@/lib/http/job-trigger";

/** Start a job of any registered type: the sync secret, or a QStash schedule's signature. See docs/jobs.md. */
export async function POST(request: Request, { params }: { params: Promise<{ type: string }> }) {
  return handleJobTrigger(request, (await params).type);
}
