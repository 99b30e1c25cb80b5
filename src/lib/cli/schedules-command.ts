import { appUrl, qstashConfig } from "../config";
import { Queue } from "../queue/qstash";
import {
  deleteSchedule,
  isScheduleError,
  listSchedules,
  upsertSchedule,
  type ScheduleView,
} from "../queue/schedules";
import { CliError, EXIT, type ExitCode } from "./exit-codes";
import type { OutputStream } from "./progress-display";
import { resolveAppUrl } from "./app-url";

export interface SchedulesCommandOptions {
  action: "upsert" | "list" | "delete";
  /** --cron; SYNC_SCHEDULE_CRON when absent. */
  cron?: string;
  /** --job and --params: schedule this job type through its generic trigger instead of the sync. */
  job?: { type: string; params: Record<string, unknown> };
  scheduleId: string;
  json: boolean;
}

export interface SchedulesIO {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  now?: () => number;
}

const isLoopback = (url: string) => /^https?:\/\/(localhost|127\.|\[::1\]|0\.0\.0\.0)/i.test(url);

/** SDK failures as what the user must fix. */
function toCliError(error: unknown, qstashUrl: string): unknown {
  if (isScheduleError(error)) return new CliError("usage", error.message);
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 401 || status === 403) {
    return new CliError("auth", `QStash refused the token (${status}): check QSTASH_TOKEN (and QSTASH_URL).`);
  }
  if (status === 400) {
    return new CliError("usage", `QStash rejected the request: ${(error as Error).message}`);
  }
  if (error instanceof TypeError || (error as Error | null)?.name === "TimeoutError") {
    return new CliError(
      "unreachable",
      `cannot reach QStash at ${qstashUrl}: check QSTASH_URL, or run \`npm run dev\` (or \`npm run emulators\`) to use the local QStash.`,
    );
  }
  return error;
}

function formatNext(view: ScheduleView, now: number): string {
  if (view.isPaused) return "paused";
  if (!view.nextRun) return "never";
  const minutes = Math.max(0, Math.round((view.nextRun.getTime() - now) / 60_000));
  const inText = minutes < 90 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
  return `${view.nextRun.toISOString()} (in ${inText})`;
}

function table(views: ScheduleView[], now: number): string[] {
  const rows = [
    ["ID", "CRON", "DESTINATION", "PAUSED", "NEXT RUN"],
    ...views.map((v) => [
      `${v.scheduleId}${v.ours ? "" : " (other)"}`,
      v.cron,
      `${v.method} ${v.destination}`,
      v.isPaused ? "yes" : "no",
      formatNext(v, now),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  "),
  );
}

const jsonOf = (v: ScheduleView) => ({ ...v, nextRun: v.nextRun?.toISOString() ?? null });

/** `npm run schedules`: create/update, list or delete the QStash schedule that triggers syncs (or a job type). */
export async function runSchedulesCommand(
  options: SchedulesCommandOptions,
  io: SchedulesIO,
): Promise<ExitCode> {
  const now = io.now ?? Date.now;
  const out = (line: string) => void io.stdout.write(`${line}\n`);
  const qstash = qstashConfig(io.env);
  // Creating needs the exact public URL QStash will call; listing and deleting only mark "ours" with it.
  const base = options.action === "upsert" ? appUrl(io.env) : resolveAppUrl(undefined, io.env);
  const queue = new Queue({ ...qstash, appUrl: base });
  try {
    if (options.action === "list") {
      const views = await listSchedules(queue, new Date(now()));
      if (options.json) out(JSON.stringify({ ok: true, schedules: views.map(jsonOf) }));
      else if (views.length === 0)
        out('No QStash schedules. Create one with: npm run schedules -- --cron "0 * * * *"');
      else for (const line of table(views, now())) out(line);
      return EXIT.completed;
    }
    if (options.action === "delete") {
      const deleted = await deleteSchedule(queue, options.scheduleId);
      if (options.json) out(JSON.stringify({ ok: true, scheduleId: options.scheduleId, deleted }));
      else
        out(
          deleted
            ? `deleted schedule ${options.scheduleId}`
            : `no schedule ${options.scheduleId}: nothing to delete`,
        );
      return EXIT.completed;
    }
    const cron = options.cron ?? io.env.SYNC_SCHEDULE_CRON?.trim();
    if (!cron) {
      throw new CliError(
        "usage",
        'no cron given: pass --cron "<expr>" (e.g. "0 * * * *") or set SYNC_SCHEDULE_CRON.',
        true,
      );
    }
    if (isLoopback(queue.urls.trigger) && !isLoopback(qstash.url)) {
      io.stderr.write(
        `warning: APP_URL is ${base}, which QStash (${qstash.url}) cannot reach: set APP_URL to the app's public URL.\n`,
      );
    }
    const { created, schedule } = await upsertSchedule(queue, {
      cron,
      scheduleId: options.scheduleId,
      ...(options.job ? { job: options.job } : {}),
      now: new Date(now()),
    });
    if (options.json) out(JSON.stringify({ ok: true, created, schedule: jsonOf(schedule) }));
    else {
      out(
        `${created ? "created" : "updated"} schedule ${schedule.scheduleId}: "${schedule.cron}" → ${schedule.method} ${schedule.destination}`,
      );
      if (options.job) out(`body: ${JSON.stringify(options.job.params)}`);
      out(`next run: ${formatNext(schedule, now())}`);
    }
    return EXIT.completed;
  } catch (error) {
    throw toCliError(error, qstash.url);
  }
}
