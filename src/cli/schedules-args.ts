import { parseStrict } from "../lib/cli/cli-entry";
import { CliError } from "../lib/cli/exit-codes";
import type { SchedulesCommandOptions } from "../lib/cli/schedules-command";
import { DEFAULT_SCHEDULE_ID } from "../lib/queue/schedules";

export const SCHEDULES_USAGE = `Usage: npm run schedules -- [--cron "<expr>"] [--list] [--delete] [--id <scheduleId>] [--json]

Create or update (by default) the QStash schedule that calls POST \${APP_URL}/api/sync/trigger.

  --cron "<expr>"   five-field cron, optionally "CRON_TZ=<zone> " first (default: SYNC_SCHEDULE_CRON)
  --list            list the QStash schedules with their next run
  --delete          delete the schedule
  --id <id>         schedule id (default: ${DEFAULT_SCHEDULE_ID})
  --json            print JSON instead of text
  -h, --help        show this help

Needs QSTASH_URL, QSTASH_TOKEN, QSTASH_*_SIGNING_KEY and APP_URL (the exact public URL QStash calls).
Exit codes: 0 done, 1 QStash error, 3 usage or auth error, 4 cannot reach QStash. More in docs/cli.md.`;

export type SchedulesArgs = { help: true } | { help: false; options: SchedulesCommandOptions };

function usage(message: string): CliError {
  return new CliError("usage", message, true);
}

/** Parse `npm run schedules` arguments; a bad one is a usage error (exit 3). */
export function parseSchedulesArgs(argv: string[]): SchedulesArgs {
  const values = parseStrict(argv, {
    cron: { type: "string" },
    list: { type: "boolean", default: false },
    delete: { type: "boolean", default: false },
    id: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) return { help: true };
  if (values.list && values.delete) throw usage("choose one of --list and --delete.");
  if ((values.list || values.delete) && values.cron !== undefined) {
    throw usage(`--cron sets a schedule: it cannot be combined with --${values.list ? "list" : "delete"}.`);
  }
  if (values.list && values.id !== undefined) throw usage("--list shows every schedule: leave out --id.");
  const cron = values.cron?.trim();
  if (values.cron !== undefined && !cron) throw usage('--cron needs an expression, e.g. --cron "0 * * * *".');
  const scheduleId = values.id?.trim() ?? DEFAULT_SCHEDULE_ID;
  if (!scheduleId) throw usage("--id needs a schedule id.");
  return {
    help: false,
    options: {
      action: values.list ? "list" : values.delete ? "delete" : "upsert",
      ...(cron ? { cron } : {}),
      scheduleId,
      json: values.json,
    },
  };
}
