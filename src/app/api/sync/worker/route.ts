import { handleWorker } from "@/lib/http/worker";

// One step runs for SYNC_STEP_BUDGET_MS (default 45 s) and must end before this limit.
export const maxDuration = 60;

export function POST(request: Request) {
  return handleWorker(request);
}
