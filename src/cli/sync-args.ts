import { parseStrict } from "../lib/cli/cli-entry";
import { CliError } from "../lib/cli/exit-codes";
import type { SyncCommandOptions } from "../lib/cli/sync-command";

export const SYNC_USAGE = `Usage: npm run sync -- [--force] [--page <slug|id>] [--wait] [--url <app url>] [--local] [--json]

Trigger a sync of the Notion workspace through the app (POST /api/sync/trigger).

  --force         refetch every page, not only the ones edited since the last sync
  --page <p>      sync one page (its slug, like blog/my-post, or its Notion id)
  --wait          follow the job until it ends, with a progress bar
  --url <url>     the app's base URL (default: APP_URL, else http://127.0.0.1:3000)
  --local         run the sync in this process: no app, no QStash (needs NOTION_* and KV_*)
  --json          print JSON instead of text (no progress bar)
  -h, --help      show this help

Exit codes: 0 completed, 1 failed or cancelled, 2 completed with errors, 3 usage or auth error,
4 cannot reach the app. More in docs/cli.md.`;

export type SyncArgs = { help: true } | { help: false; options: SyncCommandOptions };

function usage(message: string): CliError {
  return new CliError("usage", message, true);
}

/** Parse `npm run sync` arguments; a bad one is a usage error (exit 3). */
export function parseSyncArgs(argv: string[]): SyncArgs {
  const values = parseStrict(argv, {
    force: { type: "boolean", default: false },
    page: { type: "string" },
    wait: { type: "boolean", default: false },
    url: { type: "string" },
    local: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) return { help: true };
  const page = values.page?.trim();
  if (values.page !== undefined && !page) throw usage("--page needs a page slug or Notion id.");
  if (page && values.force) throw usage("--page already refetches that page: leave out --force.");
  if (values.local && values.url !== undefined) {
    throw usage("--local runs without the app: leave out --url.");
  }
  let url: string | undefined;
  if (values.url !== undefined) {
    url = values.url.trim().replace(/\/+$/, "");
    if (!/^https?:\/\/[^/\s]+/.test(url) || !URL.canParse(url)) {
      throw usage(`--url must be an http(s) URL such as http://127.0.0.1:3000 (got "${values.url}").`);
    }
  }
  return {
    help: false,
    options: {
      force: values.force,
      ...(page ? { page } : {}),
      // --local always runs to the end in this process.
      wait: values.wait || values.local,
      ...(url ? { url } : {}),
      local: values.local,
      json: values.json,
    },
  };
}
