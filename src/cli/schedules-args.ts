import { parseStrict } from "../lib/cli/cli-entry";
import { CliError } from "../lib/cli/exit-codes";
import type { SchedulesCommandOptions } from "../lib/cli/schedules-command";
import { DEFAULT_SCHEDULE_ID, jobScheduleId } from "../lib/queue/schedules";

export const SCHEDULES_USAGE = `Usage: npm run schedules -- [--cron "<expr>"] [--job <type> [--params '<json>']] [--list] [--delete] [--id <scheduleId>] [--json]

Create or update (by default) the QStash schedule that calls POST \${APP_URL}/api/sync/trigger,
or with --job, POST \${APP_URL}/api/jobs/<type>/trigger with the params as its body.

  --cron "<expr>"   five-field cron, optionally "CRON_TZ=<zone> " first (default: SYNC_SCHEDULE_CRON)
  --job <type>      schedule this job type (docs/jobs.md) instead of the Notion sync
  --params '<json>' the job's parameters, a JSON object (default: {}); checked by the type on each run
  --list            list the QStash schedules with their next run
  --delete          delete the schedule
  --id <id>         schedule id (default: ${DEFAULT_SCHEDULE_ID}; with --job: ${jobScheduleId("<type>")})
  --json            print JSON instead of text
  -h, --help        show this help

Needs QSTASH_URL, QSTASH_TOKEN, QSTASH_*_SIGNING_KEY and APP_URL (the exact public URL QStash calls).
Exit codes: 0 done, 1 QStash error, 3 usage or auth error, 4 cannot reach QStash. More in docs/cli.md.`;

export type SchedulesArgs = { help: true } | { help: false; options: SchedulesCommandOptions };

function usage(message: string): CliError {
  return new CliError("usage", message, true);
}

/** --job and --params: a type name (as in its trigger's URL) and a JSON object. */
function parseJob(
  type: string | undefined,
  params: string | undefined,
  list: boolean,
): { type: string; params: Record<string, unknown> } | undefined {
  if (type === undefined) {
    if (params !== undefined)
      throw usage("--params needs --job <type>: the sync's schedule takes no parameters.");
    return undefined;
  }
  if (list) throw usage("--list shows every schedule: leave out --job.");
  const name = type.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw usage(`--job needs a job type name (letters, digits, ".", "_" or "-"), e.g. --job search-index.`);
  }
  if (params === undefined) return { type: name, params: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(params);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw usage(`--params must be a JSON object, like --params '{"items":3}'.`);
  }
  return { type: name, params: parsed as Record<string, unknown> };
}

/** Parse `npm run schedules` arguments; a bad one is a usage error (exit 3). */
export function parseSchedulesArgs(argv: string[]): SchedulesArgs {
  const values = parseStrict(argv, {
    cron: { type: "string" },
    list: { type: "boolean", default: false },
    delete: { type: "boolean", default: false },
    id: { type: "string" },
    job: { type: "string" },
    params: { type: "string" },
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
  const job = parseJob(values.job, values.params, values.list);
  if (job && values.delete && values.params !== undefined) {
    throw usage("--params sets a schedule's body: it cannot be combined with --delete.");
  }
  const scheduleId = values.id?.trim() ?? (job ? jobScheduleId(job.type) : DEFAULT_SCHEDULE_ID);
  if (!scheduleId) throw usage("--id needs a schedule id.");
  return {
    help: false,
    options: {
      action: values.list ? "list" : values.delete ? "delete" : "upsert",
      ...(cron ? { cron } : {}),
      ...(job ? { job } : {}),
      scheduleId,
      json: values.json,
    },
  };
}
