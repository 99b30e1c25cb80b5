import { DEFAULT_APP_URL } from "./app-url";
import { LOCAL_CLOUD_FILE, readLocalCloudFile, staleReason, type LocalCloudFile } from "./local-cloud-file";
import type { OutputStream } from "./progress-display";

type Env = Record<string, string | undefined>;

/** The services a command talks to, as the "using …" line names them. */
export type CliService = "Notion" | "KV" | "QStash" | "app";

interface Group {
  name: CliService | "secret" | "webhook";
  /** Every variable of the group, URL variables first (the first one set is the one named). */
  vars: readonly string[];
  defaultUrl?: string;
}

/**
 * A service's variables come as a group: when any of them is set (shell, `.env.local`, `.env`), the
 * environment supplies that service and the file none of it, so a dev token is never sent to a real URL.
 */
const GROUPS: readonly Group[] = [
  {
    name: "Notion",
    vars: ["NOTION_API_URL", "NOTION_TOKEN", "NOTION_ROOT_PAGE_ID"],
    defaultUrl: "https://api.notion.com",
  },
  {
    name: "KV",
    vars: ["KV_REST_API_URL", "UPSTASH_REDIS_REST_URL", "KV_REST_API_TOKEN", "UPSTASH_REDIS_REST_TOKEN"],
  },
  {
    name: "QStash",
    vars: ["QSTASH_URL", "QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY"],
    defaultUrl: "https://qstash.upstash.io",
  },
  {
    name: "app",
    vars: ["APP_URL", "NEXT_PUBLIC_SITE_URL", "VERCEL_PROJECT_PRODUCTION_URL"],
    defaultUrl: DEFAULT_APP_URL,
  },
  { name: "secret", vars: ["SYNC_SECRET", "CRON_SECRET"] },
  { name: "webhook", vars: ["NOTION_WEBHOOK_SECRET"] },
];

const isSet = (env: Env, key: string) => Boolean(env[key]?.trim());
const setIn = (env: Env, group: Group) => group.vars.find((key) => isSet(env, key));

export interface LocalCloudUse {
  /** The file whose values filled the gaps, if one did. */
  file?: LocalCloudFile;
  /** The groups it filled. */
  filled: ReadonlySet<string>;
  /** Why a file that exists was ignored: say it, with what to do. */
  ignored?: string;
}

/**
 * Fill the variables the environment lacks from the running local cloud's file (`npm run dev` or
 * `npm run emulators`), group by group: real values always win. A file whose launcher or emulators are
 * gone is ignored, with the reason.
 */
export async function adoptLocalCloud(
  env: Env,
  options: { dir?: string; fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<LocalCloudUse> {
  const { file, problem } = readLocalCloudFile(options.dir);
  if (problem) return { filled: new Set(), ignored: `ignoring ${problem}; delete it.` };
  if (!file) return { filled: new Set() };
  const gaps = GROUPS.filter((g) => !setIn(env, g) && g.vars.some((key) => file.env[key]));
  // Everything is configured already: the file does not matter, and nothing needs probing.
  if (gaps.length === 0) return { filled: new Set() };
  const stale = await staleReason(file, options);
  if (stale) {
    return {
      filled: new Set(),
      ignored:
        `ignoring ${LOCAL_CLOUD_FILE}: ${stale}. Start the local cloud again (\`npm run dev\` or ` +
        "`npm run emulators`), or set the variables in .env.local; the launcher deletes the file when it stops.",
    };
  }
  for (const group of gaps) for (const key of group.vars) if (file.env[key]) env[key] = file.env[key];
  return { file, filled: new Set(gaps.map((g) => g.name)) };
}

/** Scheme, host and path of a URL: never credentials or a query that could carry a token. */
function shown(url: string): string {
  try {
    const u = new URL(/^https?:\/\//.test(url) ? url : `https://${url}`);
    return `${u.origin}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "(not a URL)";
  }
}

/**
 * One line naming the services a command uses and where each came from, e.g. "using the local cloud from
 * npm run dev (pid 4242): Notion http://127.0.0.1:8090, KV http://127.0.0.1:8079". URLs and variable
 * names only: never a token or secret. `urlFlag` is `--url`, which beats everything for the app.
 */
export function describeServices(
  env: Env,
  use: LocalCloudUse,
  services: readonly CliService[],
  urlFlag?: string,
): string {
  const local: string[] = [];
  const others: string[] = [];
  for (const name of services) {
    const group = GROUPS.find((g) => g.name === name)!;
    const urlKey = group.vars.find((key) => key.endsWith("_URL") && isSet(env, key));
    const url = urlKey ? env[urlKey]! : group.defaultUrl;
    if (name === "app" && urlFlag) others.push(`app ${shown(urlFlag)} (--url)`);
    else if (use.filled.has(name) && url) local.push(`${name} ${shown(url)}`);
    else if (setIn(env, group) && url)
      others.push(`${name} ${shown(url)} (${urlKey ?? setIn(env, group)} from the environment)`);
    else if (name === "app") others.push(`app ${DEFAULT_APP_URL} (the default)`);
    else others.push(`${name}: not configured`);
  }
  const parts = [
    ...(local.length
      ? [`the local cloud from ${use.file!.command} (pid ${use.file!.pid}): ${local.join(", ")}`]
      : []),
    ...others,
  ];
  return `using ${parts.join("; ")}`;
}

/** What the CLI entry points call after loading `.env.local`/`.env`: adopt the local cloud, then say what is used. */
export async function useLocalCloud(
  env: Env,
  io: { services: readonly CliService[]; url?: string; out: OutputStream; err: OutputStream },
): Promise<LocalCloudUse> {
  const use = await adoptLocalCloud(env);
  if (use.ignored) io.err.write(`${use.ignored}\n`);
  io.out.write(`${describeServices(env, use, io.services, io.url)}\n`);
  return use;
}
