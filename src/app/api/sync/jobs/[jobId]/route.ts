import { handleGetJob } from "@/lib/http/jobs";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  return handleGetJob(request, (await params).jobId);
}
