import { enqueueJob } from "@/lib/jobs/lifecycle";
import { runInline } from "@/lib/jobs/step-runner";
import type { JobRecord } from "@/lib/jobs/types";
import type { Bundle, DatabaseBundle, PageBundle } from "@/lib/bundle-types";
import { readManifest, readRoute } from "@/lib/store/site-reader";
import type { Manifest } from "@/lib/store/manifest";
import type { SyncParams } from "@/lib/sync/types";
import { SYNC_JOB } from "@/lib/sync/job";
import type { TestCloud } from "./cloud";
import type { NotionApi } from "@/lib/notion/api";

/** Run a whole sync in-process (no QStash), the way `npm run sync -- --local` does. */
export async function syncNow(
  cloud: TestCloud,
  params: SyncParams = { mode: "incremental" },
  options: { api?: NotionApi; stepBudgetMs?: number } = {},
): Promise<{ job: JobRecord; manifest: Manifest }> {
  const rt = cloud.runtime({ api: options.api, stepBudgetMs: options.stepBudgetMs });
  const { job } = await enqueueJob(rt, { type: SYNC_JOB, params, source: "cli" });
  // A deadline for a broken run only: small syncs take minutes on a loaded 2-core machine.
  const done = await runInline(rt, job.id, { maxMs: 600_000 });
  const manifest = await readManifest(cloud.store);
  if (!manifest) throw new Error(`sync ${done.job.status}: nothing published (${done.job.lastError ?? ""})`);
  return { job: done.job, manifest };
}

export function entryByTitle(manifest: Manifest, title: string) {
  const entry = Object.values(manifest.entries).find((e) => e.title === title);
  if (!entry)
    throw new Error(
      `no entry titled ${title}: ${Object.values(manifest.entries)
        .map((e) => e.title)
        .join(", ")}`,
    );
  return entry;
}

export async function bundleAt(cloud: TestCloud, slug: string): Promise<Bundle> {
  const read = await readRoute(cloud.store, slug);
  if (read.state !== "found") throw new Error(`no bundle at /${slug} (${read.state})`);
  return read.bundle;
}

export async function pageAt(cloud: TestCloud, slug: string): Promise<PageBundle> {
  const bundle = await bundleAt(cloud, slug);
  if (bundle.kind !== "page") throw new Error(`/${slug} is a ${bundle.kind}`);
  return bundle;
}

export async function databaseAt(cloud: TestCloud, slug: string): Promise<DatabaseBundle> {
  const bundle = await bundleAt(cloud, slug);
  if (bundle.kind !== "database") throw new Error(`/${slug} is a ${bundle.kind}`);
  return bundle;
}

/** All text in a block tree, for "is this text somewhere on the page" checks. */
export function allText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(allText).join(" ");
  if (value && typeof value === "object") return Object.values(value).map(allText).join(" ");
  return "";
}

/** Every published bundle, keyed by slug, minus what differs by nature between two runs (times, signed URLs). */
export async function normalizedSite(cloud: TestCloud): Promise<Record<string, unknown>> {
  const manifest = await readManifest(cloud.store);
  if (!manifest) return {};
  const out: Record<string, unknown> = {};
  for (const entry of Object.values(manifest.entries)) {
    const bundle = await bundleAt(cloud, entry.slug);
    out[entry.slug || "/"] = JSON.parse(
      JSON.stringify(bundle, (key, value: unknown) =>
        key === "syncedAt" || key === "url" || key === "expiresAt" ? undefined : value,
      ),
    );
  }
  return out;
}
