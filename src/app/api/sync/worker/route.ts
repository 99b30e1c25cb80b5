import { handleWorker } from "@/lib/http/worker";

// Must stay a literal (Next reads it statically) equal to WORKER_MAX_DURATION_S in src/lib/config.ts and
// to vercel.json: one step runs for SYNC_STEP_BUDGET_MS (default 240 s) and ends before this limit.
export const maxDuration = 300;

export function POST(request: Request) {
  return handleWorker(request);
}
