import type { Schedule } from "@upstash/qstash";
import { Cron } from "croner";
import type { Queue } from "./qstash";

/** The schedule `npm run schedules` manages; a fixed id makes creating it again an update. */
export const DEFAULT_SCHEDULE_ID = "notion-sync-incremental";

/** The default id of a job type's schedule (`--job <type>`): one per type unless `--id` names another. */
export function jobScheduleId(type: string): string {
  return `notion-sync-job-${type}`;
}

export type ScheduleErrorCode = "invalid_cron" | "invalid_id";

export class ScheduleError extends Error {
  override readonly name = "ScheduleError";
  constructor(
    readonly code: ScheduleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isScheduleError(error: unknown): error is ScheduleError {
  return error instanceof ScheduleError;
}

/** A QStash cron: five fields (one-minute resolution), optionally prefixed with `CRON_TZ=<IANA zone> `. */
export interface ParsedCron {
  expression: string;
  pattern: string;
  timezone?: string;
}

function compile(cron: ParsedCron): Cron {
  // Paused and without a callback: croner only parses and computes run times, it schedules nothing.
  return new Cron(cron.pattern, {
    mode: "5-part",
    paused: true,
    ...(cron.timezone ? { timezone: cron.timezone } : {}),
  });
}

export function parseCron(expression: string): ParsedCron {
  const trimmed = expression.trim().replace(/\s+/g, " ");
  const match = /^CRON_TZ=(\S+) (.+)$/.exec(trimmed);
  const parsed: ParsedCron = match
    ? { expression: trimmed, pattern: match[2]!, timezone: match[1]! }
    : { expression: trimmed, pattern: trimmed };
  try {
    // nextRun() also surfaces an unknown time zone now rather than when QStash fires it.
    compile(parsed).nextRun();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ScheduleError(
      "invalid_cron",
      `Invalid cron "${expression}": ${why}. Use five fields (minute hour day month weekday), e.g. "0 * * * *" or "CRON_TZ=Europe/Paris 0 2 * * *".`,
    );
  }
  return parsed;
}

/** The next `count` runs strictly after `after` (empty for an invalid cron or one that never fires). */
export function nextRunsOf(expression: string, after: Date = new Date(), count = 1): Date[] {
  try {
    return compile(parseCron(expression)).nextRuns(count, after);
  } catch {
    return [];
  }
}

/** The first run strictly after `after`, or null for a cron that never fires again. */
export function nextRunOf(expression: string, after: Date = new Date()): Date | null {
  return nextRunsOf(expression, after, 1)[0] ?? null;
}

export interface ScheduleView {
  scheduleId: string;
  cron: string;
  destination: string;
  method: string;
  isPaused: boolean;
  /** Computed here with croner from the cron (QStash's own `nextScheduleTime` is not always sent). */
  nextRun: Date | null;
  /** Its destination is this app's trigger, or one of its job types' triggers. */
  ours: boolean;
  /** The job type it starts through `/api/jobs/{type}/trigger`; null for the sync trigger or another URL. */
  job: string | null;
}

function jobTypeOf(queue: Queue, destination: string): string | null {
  const prefix = `${queue.urls.base}/api/jobs/`;
  if (!destination.startsWith(prefix) || !destination.endsWith("/trigger")) return null;
  const type = destination.slice(prefix.length, -"/trigger".length);
  return type && !type.includes("/") ? decodeURIComponent(type) : null;
}

function viewOf(queue: Queue, schedule: Schedule, now: Date): ScheduleView {
  const job = jobTypeOf(queue, schedule.destination);
  return {
    scheduleId: schedule.scheduleId,
    cron: schedule.cron,
    destination: schedule.destination,
    method: schedule.method,
    isPaused: schedule.isPaused,
    nextRun: schedule.isPaused ? null : nextRunOf(schedule.cron, now),
    ours: schedule.destination === queue.urls.trigger || job !== null,
    job,
  };
}

function checkId(scheduleId: string): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(scheduleId)) {
    throw new ScheduleError(
      "invalid_id",
      `Invalid schedule id "${scheduleId}": use letters, digits, ".", "_" or "-".`,
    );
  }
  return scheduleId;
}

function isNotFound(error: unknown): boolean {
  return (error as { status?: number } | null)?.status === 404;
}

/**
 * The schedule with this id, or null. Found by listing rather than by GET, which would make the SDK log
 * a 404 as a failure whenever the schedule does not exist yet.
 */
export async function getSchedule(
  queue: Queue,
  scheduleId: string,
  now = new Date(),
): Promise<ScheduleView | null> {
  checkId(scheduleId);
  const all = await queue.client.schedules.list();
  const found = all.find((s) => s.scheduleId === scheduleId);
  return found ? viewOf(queue, found, now) : null;
}

/**
 * Create the schedule that POSTs `{}` to the sync trigger — or, with `job`, its params to that job type's
 * trigger (`/api/jobs/{type}/trigger`) — or update it in place: QStash upserts by `Upstash-Schedule-Id`.
 * QStash signs each call; the trigger checks the signature against that URL and records source "schedule".
 */
export async function upsertSchedule(
  queue: Queue,
  {
    cron,
    job,
    scheduleId = job ? jobScheduleId(job.type) : DEFAULT_SCHEDULE_ID,
    now = new Date(),
  }: {
    cron: string;
    job?: { type: string; params: Record<string, unknown> };
    scheduleId?: string;
    now?: Date;
  },
): Promise<{ created: boolean; schedule: ScheduleView }> {
  const parsed = parseCron(cron);
  const existing = await getSchedule(queue, scheduleId, now);
  const { scheduleId: id } = await queue.client.schedules.create({
    destination: job ? queue.urls.jobTrigger(job.type) : queue.urls.trigger,
    cron: parsed.expression,
    scheduleId,
    method: "POST",
    body: JSON.stringify(job?.params ?? {}),
    headers: { "Content-Type": "application/json" },
  });
  const schedule = await getSchedule(queue, id, now);
  if (!schedule) throw new Error(`QStash accepted schedule ${id} but does not list it.`);
  return { created: existing === null, schedule };
}

export async function listSchedules(queue: Queue, now = new Date()): Promise<ScheduleView[]> {
  const schedules = await queue.client.schedules.list();
  return schedules.map((s) => viewOf(queue, s, now)).sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}

/** Delete a schedule; false when there was none with this id. */
export async function deleteSchedule(queue: Queue, scheduleId: string): Promise<boolean> {
  if (!(await getSchedule(queue, scheduleId))) return false;
  try {
    await queue.client.schedules.delete(scheduleId);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
