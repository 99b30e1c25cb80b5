import { isTerminal } from "../jobs/types";
import { CliError, isCliError } from "./exit-codes";
import type { JobView } from "./job-view";

export interface WaitOptions {
  /** Pause between polls (default 500 ms). */
  intervalMs?: number;
  /** Give up after this long (default 6 h); the job itself goes on in the background. */
  maxWaitMs?: number;
  /** Consecutive failed polls tolerated (a dev server restarting, a network blip) (default 5). */
  maxPollFailures?: number;
  onUpdate?: (job: JobView) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll until the job ends; returns its final view. Auth and usage errors end the wait at once. */
export async function waitForJob(poll: () => Promise<JobView>, options: WaitOptions = {}): Promise<JobView> {
  const intervalMs = options.intervalMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 6 * 3600_000;
  const maxFailures = options.maxPollFailures ?? 5;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + maxWaitMs;
  const maxPolls = Math.ceil(maxWaitMs / Math.max(1, intervalMs)) + 1;
  let failures = 0;
  let last: JobView | undefined;
  for (let polls = 0; polls < maxPolls; polls++) {
    try {
      last = await poll();
      failures = 0;
      options.onUpdate?.(last);
      if (isTerminal(last.status)) return last;
    } catch (error) {
      const transient = isCliError(error) && (error.code === "unreachable" || error.code === "failed");
      if (!transient || ++failures > maxFailures) throw error;
    }
    if (now() + intervalMs > deadline) break;
    await sleep(intervalMs);
  }
  const where = last ? `job ${last.id} is still ${last.status}` : "no answer from the status API";
  throw new CliError(
    "failed",
    `gave up waiting after ${Math.round(maxWaitMs / 60_000)} min: ${where}; it goes on in the background.`,
  );
}
