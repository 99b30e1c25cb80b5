import { isConfigError } from "../config";
import type { JobRecord } from "../jobs/types";
import type { Queue } from "../queue/qstash";
import { activeJobId, getJob, listJobs } from "../store/jobs";
import type { Manifest } from "../store/manifest";
import type { Store } from "../store/redis";
import { readManifest } from "../store/site-reader";
import { SYNC_CONCURRENCY } from "../sync/job";
import { publishedBundleBytes } from "../store/cache-stats";
import { isStoreUnreachable } from "../store/unreachable";
import { configHealth, type HealthItem } from "./config-health";
import type { PublicJob } from "./job-view";
import { qstashTriggers, vercelCronTriggers, type ScheduledTrigger } from "./schedules";

export interface Overview {
  generatedAt: string;
  /** The newest job that ended completed (with or without page errors). */
  lastSuccess: PublicJob | null;
  /** The queued or running job, if any. */
  active: PublicJob | null;
  published: { generation: string; publishedAt: string; jobId: string } | null;
  pages: number;
  databases: number;
  /** Sum of the published bundles' sizes (STRLEN), see cache-stats.ts. */
  cache: { bytes: number; bundles: number } | null;
  triggers: ScheduledTrigger[];
  health: HealthItem[];
  /** Parts that could not be read, each a readable sentence (the rest of the page still renders). */
  problems: string[];
  /** Redis could not be reached for at least one part (the API then answers 503). */
  redisUnreachable: boolean;
}

export interface OverviewDeps {
  store: Store;
  /** Throws ConfigError when QStash is not configured; schedules are then skipped with a note. */
  queue: () => Queue;
  env?: Record<string, string | undefined>;
  now?: Date;
}

const SUCCESS_SCAN = 200;
const PAGE = 50;

function publicOf(job: JobRecord): PublicJob {
  const { state: _state, ...rest } = job;
  return rest;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function findLastSuccess(store: Store): Promise<PublicJob | null> {
  for (let offset = 0; offset < SUCCESS_SCAN; offset += PAGE) {
    const { jobs, total } = await listJobs(store, { offset, limit: PAGE });
    const found = jobs.find((j) => j.status === "completed" || j.status === "completed_with_errors");
    if (found) return publicOf(found);
    if (offset + PAGE >= total) break;
  }
  return null;
}

async function findActive(store: Store): Promise<PublicJob | null> {
  const id = await activeJobId(store, SYNC_CONCURRENCY);
  const job = id ? await getJob(store, id) : null;
  return job && (job.status === "queued" || job.status === "running") ? publicOf(job) : null;
}

function countEntries(manifest: Manifest | null) {
  const entries = Object.values(manifest?.entries ?? {});
  return {
    pages: entries.filter((e) => e.kind === "page").length,
    databases: entries.filter((e) => e.kind === "database").length,
  };
}

/** Everything the overview page shows. Each part fails on its own, into `problems`. */
export async function loadOverview(deps: OverviewDeps): Promise<Overview> {
  const now = deps.now ?? new Date();
  const problems: string[] = [];
  let redisUnreachable = false;
  const attempt = async <T>(what: string, fallback: T, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const down = isStoreUnreachable(error);
      redisUnreachable ||= down;
      problems.push(`${what}: ${down ? "Redis (the cache) is unreachable" : reason(error)}`);
      return fallback;
    }
  };

  const [lastSuccess, active, manifest] = await Promise.all([
    attempt("Last sync", null, () => findLastSuccess(deps.store)),
    attempt("Active job", null, () => findActive(deps.store)),
    attempt("Manifest", null, () => readManifest(deps.store)),
  ]);
  const cache = manifest
    ? await attempt("Cache size", null, () => publishedBundleBytes(deps.store, manifest))
    : null;
  const qstash = await attempt<ScheduledTrigger[]>("QStash schedules", [], async () => {
    try {
      return await qstashTriggers(deps.queue(), now);
    } catch (error) {
      // Not configured is a state to show, not a failure to report twice (the health list names it).
      if (isConfigError(error)) return [];
      throw error;
    }
  });

  return {
    generatedAt: now.toISOString(),
    lastSuccess,
    active,
    published: manifest
      ? { generation: manifest.generation, publishedAt: manifest.publishedAt, jobId: manifest.jobId }
      : null,
    ...countEntries(manifest),
    cache,
    triggers: [...vercelCronTriggers(now), ...qstash],
    health: configHealth(deps.env),
    problems,
    redisUnreachable,
  };
}
