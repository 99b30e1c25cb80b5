import { syncSecrets } from "../config";
import type { SyncParams } from "../sync/types";
import { resolveAppUrl } from "./app-url";
import { exitCodeForStatus, type ExitCode } from "./exit-codes";
import type { JobView } from "./job-view";
import { summarizeJob } from "./job-summary";
import { runLocalSync } from "./local-sync";
import { createProgressDisplay, type OutputStream, type ProgressDisplay } from "./progress-display";
import { SyncApiClient } from "./sync-api-client";
import { waitForJob } from "./wait-for-job";

export interface SyncCommandOptions {
  force: boolean;
  page?: string;
  wait: boolean;
  url?: string;
  local: boolean;
  json: boolean;
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  now?: () => number;
  /** Status polling interval (default 500 ms). */
  pollMs?: number;
}

export function syncParamsOf(options: Pick<SyncCommandOptions, "force" | "page">): SyncParams {
  if (options.page) return { mode: "page", page: options.page };
  return { mode: options.force ? "force" : "incremental" };
}

const noDisplay: ProgressDisplay = { update() {}, stop() {} };

/** `npm run sync`: trigger (and follow) a sync through the app, or run one in-process with --local. */
export async function runSyncCommand(options: SyncCommandOptions, io: CliIO): Promise<ExitCode> {
  const say = (line: string) => void (options.json ? io.stderr : io.stdout).write(`${line}\n`);
  const display = options.json ? noDisplay : createProgressDisplay(io.stdout, io.now);
  try {
    let job: JobView;
    if (options.local) {
      let announced = false;
      const result = await runLocalSync({
        params: syncParamsOf(options),
        onUpdate: (j) => {
          if (!announced) say(`job ${j.id}: syncing in this process (no app, no QStash)`);
          announced = true;
          display.update(j);
        },
        onStall: (steps) =>
          io.stderr.write(
            `\nnote: no page finished in ${steps} steps: a very large page, or Notion failing or rate limiting (see the job's errors).\n`,
          ),
        onRetry: (attempt, error) =>
          io.stderr.write(
            `step failed (${error instanceof Error ? error.message : String(error)}); retry ${attempt}…\n`,
          ),
      });
      // The engine's internal state stays out of the output, as in the status API.
      const { state: _state, ...view } = result.job;
      job = view;
      if (result.coalesced) say(`(continued job ${job.id}, which was already active)`);
    } else {
      const [secret] = syncSecrets(io.env);
      const client = new SyncApiClient({
        baseUrl: resolveAppUrl(options.url, io.env),
        secret: secret!,
        fetch: io.fetch,
      });
      const reply = await client.trigger({ force: options.force, page: options.page });
      if (!options.wait) {
        if (options.json) io.stdout.write(`${JSON.stringify(reply)}\n`);
        else {
          const what = reply.coalesced ? "coalesced: a sync is already running, job" : "queued job";
          say(`${what} ${reply.jobId} (${reply.status})`);
          say(`status: ${reply.statusUrl}`);
          if (reply.dashboardUrl) say(`dashboard: ${reply.dashboardUrl}`);
        }
        return 0;
      }
      say(`${reply.coalesced ? "coalesced: following the running job" : "queued job"} ${reply.jobId}`);
      job = await waitForJob(() => client.getJob(reply.jobId), {
        intervalMs: io.pollMs,
        now: io.now,
        onUpdate: (j) => display.update(j),
      });
    }
    display.stop();
    const ok = job.status === "completed" || job.status === "completed_with_errors";
    if (options.json) io.stdout.write(`${JSON.stringify({ ok, job })}\n`);
    else for (const line of summarizeJob(job)) say(line);
    return exitCodeForStatus(job.status);
  } finally {
    display.stop();
  }
}
