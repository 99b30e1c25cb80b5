import { formatRelative, formatTime } from "@/lib/admin/format";
import type { ScheduledTrigger } from "@/lib/admin/schedules";

export function ScheduleList({ triggers, now }: { triggers: ScheduledTrigger[]; now: number }) {
  if (triggers.length === 0) return <p className="muted">No schedules: syncs run only when triggered.</p>;
  return (
    <ul className="admin-schedules">
      {triggers.map((t, i) => (
        <li key={`${t.source}-${i}`}>
          <p>
            <strong>{t.source === "vercel-cron" ? "Vercel Cron" : "QStash schedule"}</strong>{" "}
            <code>{t.cron}</code> <span className="muted">({t.timezone})</span> → <code>{t.target}</code>
          </p>
          {t.paused ? (
            <p className="muted">Paused</p>
          ) : t.nextRuns.length ? (
            <ol className="admin-runs">
              {t.nextRuns.map((run) => (
                <li key={run}>
                  <time dateTime={run}>{formatTime(run)}</time>{" "}
                  <span className="muted">({formatRelative(run, now)})</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">Never fires (invalid expression?)</p>
          )}
        </li>
      ))}
    </ul>
  );
}
