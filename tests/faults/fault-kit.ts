/**
 * Shared pieces of the fault suite: the repetition knob, a seeded random source, the workspaces and
 * edits the scenarios run on, and checks of what the cache holds after a fault.
 */
import { blocks, generateWorkspace, type NotionEmulator, type NotionEmulatorOptions } from "../../dev/notion";
import { keysOf, startTestCloud, type TestCloud } from "../helpers/cloud";

export { keysOf };
import { normalizedSite, syncNow } from "../helpers/sync";
import { isNonRetryable, isRetryLater } from "@/lib/jobs/errors";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { runInline } from "@/lib/jobs/step-runner";
import { isTerminal, type JobRecord } from "@/lib/jobs/types";
import { getJob } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/redis";
import { readManifest } from "@/lib/store/site-reader";

/** `FAULTS_LONG=1` runs the heavy repetitions at full count; CI runs the default (smaller) counts. */
export const LONG = process.env.FAULTS_LONG === "1";

export function runs(short: number, long: number): number {
  return LONG ? long : short;
}

/** mulberry32: a tiny seeded generator, so a failing run can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Notion clock that runs in real time from a fixed instant, so edits made a few seconds into two
 * different runs get the same (minute-rounded) times and their sites compare equal.
 */
export function anchoredClock(epoch = Date.parse("2026-03-02T10:00:00.000Z")): () => number {
  const start = Date.now();
  return () => epoch + (Date.now() - start);
}

/** A mid-sized generated site: enough pages for several steps, small enough for many runs. */
export function faultWorkspace(pages = 60) {
  return generateWorkspace({
    seed: 29,
    pages,
    depth: 3,
    blocksPerPage: 8,
    databases: 1,
    rowsPerDatabase: 12,
  });
}

/**
 * The same edits on any emulator built from `faultWorkspace()`: text added, a page renamed, a page
 * added, one trashed. The emulator's ids are seeded, so every cloud gets identical results.
 */
export function editWorkspace(notion: NotionEmulator, pageIds: string[]): void {
  notion.clock.advance(120_000);
  const at = (i: number) => pageIds[i % pageIds.length]!;
  notion.workspace.appendBlocks(at(3), [blocks.p("Added after the first sync.")]);
  notion.workspace.appendBlocks(at(17), [blocks.p("Another edit, further down the tree.")]);
  notion.workspace.setPageTitle(at(9), "Renamed under fire");
  notion.workspace.addPage(at(5), { title: "Born during the faults", blocks: [blocks.p("New page body.")] });
  notion.workspace.trashPage(at(pageIds.length - 1));
}

/**
 * A cloud whose site was published once (force sync) and whose workspace was then edited, with the
 * Notion request log cleared: what the sync under test starts from. `latencyMs` applies from then on.
 */
export async function editedCloud({
  latencyMs = 0,
  ...options
}: NotionEmulatorOptions & { latencyMs?: number } = {}): Promise<TestCloud> {
  const cloud = await startTestCloud({
    workspace: faultWorkspace().workspace,
    now: anchoredClock(),
    ...options,
  });
  await syncNow(cloud, { mode: "force" });
  editWorkspace(cloud.notion, faultWorkspace().pageIds);
  cloud.notion.setLatency(latencyMs);
  cloud.notion.requests.reset();
  return cloud;
}

/** The site before the edits and after an undisturbed force sync of them: what faulty runs must match. */
export async function referenceSites(): Promise<{
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}> {
  const reference = await editedCloud();
  try {
    const before = await normalizedSite(reference);
    await syncNow(reference, { mode: "force" });
    return { before, after: await normalizedSite(reference) };
  } finally {
    await reference.close();
  }
}

/** Poll the job record until it ends. */
// Deadlines here only end a broken run: a loaded 2-core machine can take minutes over a small sync.
export async function waitForTerminal(store: Store, jobId: string, timeoutMs = 240_000): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(store, jobId).catch(() => null);
    if (job && isTerminal(job.status)) return job;
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} still ${job?.status ?? "unreadable"} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * Run a job in this process to its end, waiting out a lock left by a dead step (bounded). `crashes`:
 * how many failed step attempts to run again, as QStash would retry them.
 */
export async function finishInline(
  rt: JobRuntime,
  jobId: string,
  { maxMs = 240_000, crashes = 0 }: { maxMs?: number; crashes?: number } = {},
): Promise<JobRecord> {
  const deadline = Date.now() + maxMs;
  let retries = crashes;
  while (Date.now() < deadline) {
    try {
      const { job } = await runInline(rt, jobId, { maxMs: deadline - Date.now() });
      if (isTerminal(job.status)) return job;
    } catch (error) {
      if (isRetryLater(error)) await sleep(50);
      else if (!isNonRetryable(error) && retries-- > 0) continue;
      else throw error;
    }
  }
  throw new Error(`job ${jobId} did not finish within ${maxMs} ms`);
}

/**
 * What a finished sync must leave: every bundle the live manifest names exists, and no other bundle,
 * generation or scratch key is left behind.
 */
export async function auditCache(
  store: Store,
): Promise<{ missing: string[]; orphans: string[]; scratch: string[] }> {
  const manifest = await readManifest(store);
  const wanted = new Set(
    Object.values(manifest?.entries ?? {}).map((e) => store.keys.bundle(e.id, e.bundleGen)),
  );
  const bundles = new Set(await keysOf(store, "bundle:*"));
  const gen = manifest?.generation ?? "";
  const generationKeys = (await keysOf(store, "manifest:*"))
    .concat(await keysOf(store, "routes:*"))
    .concat(await keysOf(store, "links:*"))
    .filter((k) => !k.endsWith(`:${gen}`));
  return {
    missing: [...wanted].filter((k) => !bundles.has(k)),
    orphans: [...bundles].filter((k) => !wanted.has(k)).concat(generationKeys),
    scratch: await keysOf(store, "work:*"),
  };
}
