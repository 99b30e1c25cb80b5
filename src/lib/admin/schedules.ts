import { z } from "zod";
import type { Queue } from "../queue/qstash";
import { listSchedules, nextRunsOf as nextRunsAfter, parseCron } from "../queue/schedules";
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

/** The next `count` runs of a cron (QStash's `CRON_TZ=` prefix understood) as ISO times. */
export function nextRunsOf(cron: string, now: Date, count = 3): string[] {
  return nextRunsAfter(cron, now, count).map((d) => d.toISOString());
}

function timezoneOf(cron: string): string {
  try {
    return parseCron(cron).timezone ?? "UTC";
  } catch {
    return "UTC";
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

/** QStash schedules (`npm run schedules`), their next runs computed from the cron. */
export async function qstashTriggers(queue: Queue, now: Date): Promise<ScheduledTrigger[]> {
  const schedules = await listSchedules(queue, now);
  return schedules.map((s) => ({
    source: "qstash",
    target: s.destination,
    cron: s.cron,
    timezone: timezoneOf(s.cron),
    paused: s.isPaused,
    nextRuns: s.isPaused ? [] : nextRunsOf(s.cron, now),
  }));
}
