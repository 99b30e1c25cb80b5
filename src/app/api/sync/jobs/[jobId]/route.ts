import { handleGetJob } from "@/lib/http/jobs";

export async function GET(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  return handleGetJob(request, (await params).jobId);
}
