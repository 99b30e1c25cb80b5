import { Cron } from "croner";
import { z } from "zod";
import type { Queue } from "../queue/qstash";
import vercelJson from "../../../vercel.json";

/** A recurring trigger and its next runs, from Vercel Cron (vercel.json) or a QStash schedule. */
export interface ScheduledTrigger {
  source: "vercel-cron" | "qstash";
  /** Where it calls: a path for Vercel Cron, a URL for QStash. */
  target: string;
  cron: string;
  timezone: string;
  paused: boolean;
  /** ISO times, soonest first; empty when paused or the expression never fires. */
  nextRuns: string[];
}

const VercelConfig = z.object({
  crons: z.array(z.object({ path: z.string(), schedule: z.string() })).default([]),
});

/** `CRON_TZ=Europe/Berlin 0 2 * * *` → the zone and the bare expression (QStash's format). */
export function splitCronTimezone(cron: string): { timezone: string; expression: string } {
  const match = /^CRON_TZ=(\S+)\s+(.*)$/.exec(cron.trim());
  return match
    ? { timezone: match[1]!, expression: match[2]! }
    : { timezone: "UTC", expression: cron.trim() };
}

/** The next `count` runs of a cron expression after `now` (empty for an invalid expression). */
export function nextRunsOf(cron: string, now: Date, count = 3): string[] {
  const { timezone, expression } = splitCronTimezone(cron);
  try {
    // paused and without a callback: croner computes dates and never starts a timer.
    const job = new Cron(expression, { timezone, paused: true });
    return job.nextRuns(count, now).map((d) => d.toISOString());
  } catch {
    return [];
  }
}

/** Vercel Cron runs in UTC; the schedules are the ones deployed with this app's vercel.json. */
export function vercelCronTriggers(now: Date, config: unknown = vercelJson): ScheduledTrigger[] {
  const parsed = VercelConfig.safeParse(config);
  if (!parsed.success) return [];
  return parsed.data.crons.map((c) => ({
    source: "vercel-cron",
    target: c.path,
    cron: c.schedule,
    timezone: "UTC",
    paused: false,
    nextRuns: nextRunsOf(c.schedule, now),
  }));
}

/** QStash schedules (`npm run schedules`), with QStash's own next time when it reports one. */
export async function qstashTriggers(queue: Queue, now: Date): Promise<ScheduledTrigger[]> {
  const schedules = await queue.client.schedules.list();
  return schedules.map((s) => {
    const computed = s.isPaused ? [] : nextRunsOf(s.cron, now);
    const reported = s.nextScheduleTime ? new Date(s.nextScheduleTime).toISOString() : undefined;
    return {
      source: "qstash",
      target: s.destination,
      cron: s.cron,
      timezone: splitCronTimezone(s.cron).timezone,
      paused: s.isPaused,
      nextRuns:
        reported && !s.isPaused ? [reported, ...computed.filter((r) => r > reported)].slice(0, 3) : computed,
    };
  });
}
