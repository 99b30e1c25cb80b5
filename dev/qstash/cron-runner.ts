import { Cron } from "croner";
import { badRequest } from "./errors";
import type { MessageIntake } from "./message-intake";
import type { ScheduleRecord } from "./model";
import type { Logger, StateStore } from "./state-store";

const MAX_TIMER_MS = 2 ** 31 - 1;

/** A QStash cron: five fields (1-minute resolution), optionally prefixed `CRON_TZ=<IANA zone> `. */
function compile(cron: string): Cron {
  const match = /^CRON_TZ=(\S+)\s+(.+)$/.exec(cron.trim());
  const pattern = match ? match[2]! : cron.trim();
  try {
    const job = new Cron(pattern, { mode: "5-part", paused: true, timezone: match?.[1] });
    job.nextRun(); // surfaces an unknown time zone now rather than at firing time
    return job;
  } catch (error) {
    throw badRequest(
      `invalid Upstash-Cron "${cron}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Throws a 400 for a cron QStash would refuse. */
export function validateCron(cron: string): void {
  compile(cron);
}

/** The first run strictly after `afterMs`, in ms. */
export function nextRunAfter(cron: string, afterMs: number): number | undefined {
  return compile(cron).nextRun(new Date(afterMs))?.getTime();
}

/**
 * Fires schedules on the real clock (cron is never time-compressed): one timer armed for the
 * earliest `nextScheduleTime`. `tick(at)` is the test seam: it fires what is due at `at` as if
 * the clock read `at`. Runs missed while the emulator was down are skipped, not replayed. With the
 * `"manual"` clock no timer is armed: schedules fire only when `tick` is called.
 */
export class CronRunner {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: StateStore,
    private readonly intake: MessageIntake,
    private readonly logger: Logger,
    private readonly clock: "real" | "manual" = "real",
  ) {}

  start(): void {
    const now = Date.now();
    for (const schedule of this.store.schedules.values()) {
      if (!schedule.isPaused && (schedule.nextScheduleTime ?? 0) <= now) {
        schedule.nextScheduleTime = nextRunAfter(schedule.cron, now);
      }
    }
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Call after creating, changing, pausing or resuming a schedule. */
  refresh(schedule: ScheduleRecord): void {
    schedule.nextScheduleTime = schedule.isPaused ? undefined : nextRunAfter(schedule.cron, Date.now());
    this.store.markDirty();
    this.arm();
  }

  /** Fires every active schedule due at or before `at`; returns the message ids published. */
  tick(at: Date = new Date()): string[] {
    const atMs = at.getTime();
    const published: string[] = [];
    for (const schedule of this.store.schedules.values()) {
      if (schedule.isPaused || schedule.nextScheduleTime === undefined || schedule.nextScheduleTime > atMs)
        continue;
      published.push(this.fire(schedule, atMs));
    }
    if (published.length > 0) this.store.markDirty();
    this.arm();
    return published;
  }

  private fire(schedule: ScheduleRecord, atMs: number): string {
    const message = this.intake.accept(
      { ...schedule.template, scheduleId: schedule.scheduleId },
      { kind: "message", delayMs: schedule.delayMs },
    );
    schedule.lastScheduleTime = schedule.nextScheduleTime;
    schedule.lastScheduleStates = { [message.messageId]: "IN_PROGRESS" };
    schedule.nextScheduleTime = nextRunAfter(schedule.cron, atMs);
    this.logger.info("qstash: schedule fired", {
      scheduleId: schedule.scheduleId,
      messageId: message.messageId,
    });
    return message.messageId;
  }

  private arm(): void {
    if (this.stopped || this.clock === "manual") return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let next = Infinity;
    for (const schedule of this.store.schedules.values()) {
      if (!schedule.isPaused && schedule.nextScheduleTime !== undefined) {
        next = Math.min(next, schedule.nextScheduleTime);
      }
    }
    if (next === Infinity) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick(new Date());
    }, wait);
  }
}
