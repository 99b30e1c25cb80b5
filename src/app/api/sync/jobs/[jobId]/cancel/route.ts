import { handleCancelJob } from "@/lib/http/jobs";

/** Cancel a job: at once between steps, at the running step's next checkpoint otherwise. */
export async function POST(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  return handleCancelJob(request, (await params).jobId);
}
