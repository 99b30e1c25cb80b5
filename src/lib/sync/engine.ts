import type { PageSummary } from "../bundle-types";
import { DeadlineReachedError, JobInputError, PermanentJobError } from "../jobs/errors";
import type { JobProgress } from "../jobs/types";
import { RetryCutShortError, type NotionApi } from "../notion/api";
import { dashed } from "../notion/reshape-text";
import { readCurrentGeneration } from "../store/current-generation";
import { reconcileTuning } from "../config";
import { MANIFEST_SCHEMA, type ManifestEntry, type PreviousGeneration } from "../store/manifest";
import { entryReader, readPreviousGeneration, type EntryReader } from "../store/manifest-store";
import { countingStore, type Store } from "../store/redis";
import { readSiteIndex } from "../store/site-reader";
import { readReconcileRecord, recordSyncRun } from "../store/sync-history";
import { SyncWork } from "../store/sync-work";
import { changeSeeds, listPhase, noteListCutShort, reconcileDue } from "./discover";
import { nothingChanged } from "./merge-walk";
import { collectPhase, publishPhase, recountPublished } from "./publish";
import { announcePublish, type OnPublished } from "./publish-hook";
import { emptyCounters, type SyncParams, type SyncState, type WalkItem, type WholeEntries } from "./types";
import { floorToMinute, giveUpOn, processItem, walkItemPayload, type WalkContext } from "./walk";

export interface SyncDeps {
  store: Store;
  /** The process's Notion client: each step works through its own session of it. */
  api: NotionApi;
  rootPageId: string;
  /** Told which site cache tags a publish changed (publish-hook.ts). */
  onPublished?: OnPublished;
  /** Notion's clock, for the watermark (tests move it with the emulator's clock). */
  now?: () => number;
}

export interface StepResult {
  state: SyncState;
  done: boolean;
  /** Notion asked us to wait (Retry-After) past this step's end: the next step should not start sooner. */
  waitMs?: number;
}

/**
 * The generation a sync works against: its header and drafts, its entries read by id as the sync needs
 * them, whatever the workspace's size. Only a change-only sync that must plan the generation reads its
 * entries whole (`whole`), as planned entries (without rows or edit times, strings shared: 405 B an
 * entry instead of 637 read whole, measured on 100,000). What needs an entry whole reads it with
 * `wholeEntries`.
 */
async function currentGeneration(
  store: Store,
  generation: string | null,
): Promise<PreviousGeneration | null> {
  if (!generation) return null;
  const previous = await readPreviousGeneration(store, generation);
  return previous?.schema === MANIFEST_SCHEMA ? previous : null;
}

/** The previous generation's entries read whole, by id; its header is read once a step, when first needed. */
function wholeEntries(store: Store, previous: PreviousGeneration | null): WholeEntries {
  let reader: Promise<EntryReader> | undefined;
  return async (ids) => {
    if (!previous || ids.length === 0) return new Map();
    // A failed read of the header is not kept: the next call reads it again.
    reader ??= entryReader(store, previous.generation).catch((error: unknown) => {
      reader = undefined;
      throw error;
    });
    return (await reader)(ids, { drafts: true });
  };
}

/** Whether `generation` is the one readers see (its publish went through, whatever the job recorded). */
async function isLive(store: Store, generation: string): Promise<boolean> {
  return (await readCurrentGeneration(store)) === generation;
}

/** The initial state of a sync job. Page mode resolves its target (slug or id) against the live site. */
export async function startSync(deps: SyncDeps, jobId: string, params: SyncParams): Promise<SyncState> {
  const previousGeneration = await readCurrentGeneration(deps.store);
  let target: string | undefined;
  if (params.mode === "page") {
    const previous = await currentGeneration(deps.store, previousGeneration);
    if (!previous) {
      throw new JobInputError("A page sync needs a published site: run a full sync first.", "needs_site");
    }
    const wanted = (params.page ?? "").replace(/^\/+|\/+$/g, "").toLowerCase();
    // Looked up, not read whole: the links index knows every public slug, the manifest every id.
    const bySlug = (await readSiteIndex(deps.store, previous.generation, [], [wanted])).entries;
    const slugged = Object.values(bySlug).find((e) => e.slug === wanted)?.id;
    // A draft is synced too (its edits refresh the owner's preview), though no public URL names it.
    const byId = (await previous.lookup([dashed(wanted)])).get(dashed(wanted))?.id;
    target = slugged ?? byId;
    if (!target) {
      throw new JobInputError(`No synced page has the slug or id "${params.page ?? ""}".`, "unknown_page");
    }
  }
  const startedAt = new Date((deps.now ?? Date.now)()).toISOString();
  // An incremental sync walks only what changed, except when a reconciliation is due (or nothing was
  // published yet): then it walks everything, to find what search cannot show.
  let plan: SyncState["plan"] = "walk";
  if (params.mode === "incremental" && previousGeneration) {
    const record = await readReconcileRecord(deps.store);
    if (!reconcileDue(record, reconcileTuning(), Date.parse(startedAt))) plan = "changes";
  }
  const recheck = params.mode === "incremental" && plan === "changes" ? (params.recheck ?? []) : [];
  return {
    version: 1,
    mode: params.mode,
    plan,
    ...(params.mode === "incremental" && plan === "walk" && previousGeneration ? { reconcile: true } : {}),
    ...(recheck.length > 0 ? { recheck } : {}),
    ...(target ? { target } : {}),
    generation: jobId,
    startedAt,
    previousGeneration,
    phase: params.mode === "page" ? "walk" : "list",
    searchCursor: null,
    queueCursor: 0,
    queueLength: 0,
    counters: emptyCounters(),
    errors: [],
  };
}

/** What a step is given: its budget, and from the job layer its deadline, signal and progress hook. */
export interface SyncStepOptions {
  budgetMs: number;
  deadline?: number;
  signal?: AbortSignal;
  progress?: (read: () => JobProgress) => void;
}

/** The job layer's view of a sync's progress. */
export function describeSync(state: SyncState): JobProgress {
  return {
    phase: state.phase,
    done: state.queueCursor,
    total: Math.max(state.queueLength, state.queueCursor),
    counters: { ...state.counters },
  };
}

/**
 * Run one time-boxed step of a sync: work until `budgetMs` is spent (or the signal aborts), leaving
 * everything needed to go on in the returned state and in Redis. Calling it again with that state
 * continues where it stopped. The step talks to Notion through its own session: its deadline and
 * counters are its own, whatever else runs in the process.
 */
export async function runSyncStep(
  shared: SyncDeps,
  jobId: string,
  input: SyncState,
  options: SyncStepOptions,
): Promise<StepResult> {
  const state: SyncState = structuredClone(input);
  const deadline = options.deadline ?? Date.now() + options.budgetMs;
  const api = shared.api.session({ deadline, ...(options.signal ? { signal: options.signal } : {}) });
  // This step's own view of the store, so its KV commands are counted apart from other requests'.
  const counted = countingStore(shared.store);
  const deps: SyncDeps = { ...shared, api, store: counted.store };
  // Live progress: the walk's counters plus this session's Notion calls so far.
  options.progress?.(() => {
    const live = describeSync(state);
    live.counters.apiCalls = (live.counters.apiCalls ?? 0) + api.counters.apiCalls;
    live.counters.rateLimited = (live.counters.rateLimited ?? 0) + api.counters.rateLimited;
    live.counters.retries = (live.counters.retries ?? 0) + api.counters.retries;
    return live;
  });
  const stopped = () => Date.now() >= deadline || options.signal?.aborted === true;
  const work = new SyncWork(deps.store, jobId);
  // Collection needs no manifest in memory: it scans the previous generation's from Redis.
  const collecting = state.phase === "collect" || state.phase === "done";
  // Looked up by id: a change-only or page sync touches a few entries, a full walk a slice at a time.
  const previous = collecting ? null : await currentGeneration(deps.store, state.previousGeneration);
  // Nothing to reuse (the previous generation is gone or from an older schema): walk everything.
  if (!collecting && state.plan === "changes" && !previous) state.plan = "walk";
  const whole = wholeEntries(deps.store, previous);
  const floor = previous && state.mode !== "force" ? floorToMinute(previous.watermark) : null;
  try {
    if (!collecting && (await isLive(deps.store, state.generation))) {
      await recountPublished(deps.store, work, state, previous);
      state.phase = "collect";
    }
    const walked = state.phase === "list" || state.phase === "walk";
    if (walked) noteStarved(state, deadline, options.budgetMs);
    if (state.phase === "list") {
      await listPhase(deps.api, work, state, state.plan === "changes" ? floor : null, stopped);
    }
    if (state.phase === "walk" && !stopped())
      await walkPhase(deps, work, state, previous, whole, floor, stopped);
    // A cancelled job publishes nothing more (what it published before stays).
    if (
      state.phase === "publish" &&
      !state.publishAt &&
      previous &&
      (await nothingChanged(work, state, previous, whole))
    ) {
      // Nothing to publish: the live generation stays, and so does its watermark.
      state.phase = "collect";
      await recordSyncRun(deps.store, false, state.startedAt);
    }
    // A step that spent its budget walking leaves the publish to the next step: rebuilding the
    // generation in memory is work too, and the step is at its end already.
    if (state.phase === "publish" && options.signal?.aborted !== true && !(walked && stopped())) {
      const published = await publishPhase(
        deps.store,
        work,
        state,
        jobId,
        deps.rootPageId,
        previous,
        stopped,
        { walked, whole },
      );
      if (published) {
        state.phase = "collect";
        if (state.mode !== "page") await recordSyncRun(deps.store, state.plan !== "changes", state.startedAt);
        await announcePublish(shared.onPublished, published.before, published.after);
      }
    }
    if (state.phase === "collect" && (await collectPhase(deps.store, work, state, stopped)))
      state.phase = "done";
  } catch (error) {
    if (!(error instanceof DeadlineReachedError)) throw error;
    if (error instanceof RetryCutShortError && state.phase === "list") noteListCutShort(state, error);
  } finally {
    state.counters.apiCalls += api.counters.apiCalls;
    state.counters.rateLimited += api.counters.rateLimited;
    state.counters.retries += api.counters.retries;
    state.counters.kvCommands += counted.commands();
    // Counted into the state now: the live reader must not add them a second time.
    api.counters.apiCalls = api.counters.rateLimited = api.counters.retries = 0;
  }
  const waitMs = state.phase === "done" ? 0 : deps.api.pauseLeftMs();
  return { state, done: state.phase === "done", ...(waitMs > 0 ? { waitMs } : {}) };
}

/**
 * Steps in a row that may spend their whole budget on their own setup (the job record, the previous
 * manifest) before the listing or walk starts, before the sync fails instead of queueing steps forever.
 */
export const STARVED_STEPS_LIMIT = 10;

/**
 * The listing and the walk stop at the deadline before starting any work, so a budget shorter than a
 * step's setup would make no progress, step after step. Count such steps; fail the job with a message
 * naming the budget once too many come in a row (a busy machine may starve a few).
 */
function noteStarved(state: SyncState, deadline: number, budgetMs: number): void {
  const now = Date.now();
  if (now < deadline) {
    delete state.starvedSteps;
    return;
  }
  state.starvedSteps = (state.starvedSteps ?? 0) + 1;
  if (state.starvedSteps < STARVED_STEPS_LIMIT) return;
  const setupMs = now - (deadline - budgetMs);
  throw new PermanentJobError(
    `The last ${state.starvedSteps} steps each spent their whole budget (${budgetMs} ms) before the sync could start any work; this step's own setup took ${setupMs} ms. Raise SYNC_STEP_BUDGET_MS.`,
  );
}

async function startItems(
  deps: SyncDeps,
  work: SyncWork,
  state: SyncState,
  previous: PreviousGeneration | null,
): Promise<WalkItem[]> {
  if (state.mode === "page" && state.target) {
    const entry = (await previous?.lookup([state.target]))?.get(state.target);
    return [
      { id: state.target, kind: entry?.kind ?? "page", parent: entry?.parentId ?? null, refresh: true },
    ];
  }
  if (state.plan === "changes" && previous) {
    // The listing of a change-only sync holds what changed since the last one: small, read whole.
    return await changeSeeds(deps.rootPageId, previous, await work.loadSeen(), state.recheck ?? []);
  }
  return [{ id: deps.rootPageId, kind: "page", parent: null }];
}

async function walkPhase(
  deps: SyncDeps,
  work: SyncWork,
  state: SyncState,
  previous: PreviousGeneration | null,
  whole: WholeEntries,
  floor: string | null,
  stopped: () => boolean,
): Promise<void> {
  if (state.queueCursor === 0)
    await work.enqueue((await startItems(deps, work, state, previous)).map(walkItemPayload));
  let rowsBySource: Promise<Map<string, string[]>> | undefined;
  const ctx: WalkContext = {
    api: deps.api,
    store: deps.store,
    work,
    state,
    rootId: deps.rootPageId,
    previous,
    whole,
    rowsOf: async (ds) => {
      rowsBySource ??= work.seenRowsBySource();
      return (await rowsBySource).get(ds) ?? [];
    },
    watermarkFloor: floor,
  };
  const poolSize = 8;
  const inflight = new Map<number, Promise<void>>();
  const finished = new Set<number>();
  const buffer: { index: number; item: WalkItem; listed?: PageSummary; old?: ManifestEntry }[] = [];
  let next = state.queueCursor;
  const cutShort = new Map<number, { item: WalkItem; error: RetryCutShortError }>();
  let fatal: unknown;
  let drained = false;
  while (fatal === undefined && !stopped()) {
    if (buffer.length === 0) {
      const raw = await work.queueSlice(next, 50);
      if (raw.length === 0) {
        if (inflight.size === 0) {
          drained = true;
          break;
        }
        await Promise.race(inflight.values());
        continue;
      }
      const items = raw.map((json, i) => ({ index: next + i, item: JSON.parse(json) as WalkItem }));
      const ids = items.map((i) => i.item.id);
      // A slice's previous entries are read whole at once: the planned ones lack what the walk compares.
      const [done, listed, olds] = await Promise.all([
        work.doneIds(ids),
        work.seenSummaries(ids),
        whole(ids),
      ]);
      items.forEach((i, k) => {
        if (done.has(i.item.id)) finished.add(i.index);
        else buffer.push({ ...i, listed: listed[k], old: olds.get(i.item.id) });
      });
      next += raw.length;
      continue;
    }
    if (inflight.size >= poolSize) {
      await Promise.race(inflight.values());
      continue;
    }
    const { index, item, listed, old } = buffer.shift()!;
    const run = processItem(ctx, item, listed, old).then(
      () => void finished.add(index),
      (error: unknown) => {
        if (error instanceof RetryCutShortError) cutShort.set(index, { item, error });
        else if (!(error instanceof DeadlineReachedError)) fatal ??= error;
      },
    );
    inflight.set(
      index,
      run.finally(() => inflight.delete(index)),
    );
  }
  await Promise.allSettled(inflight.values());
  // Each step restarts an item's retries; count its failed attempts across steps, so a budget shorter
  // than the retry backoff cannot stall the walk on one failing page forever.
  for (const [index, { item, error }] of cutShort) {
    if (fatal !== undefined) break;
    const failures = await work.countCutShort(item.id, error.call, error.failures);
    if (failures < error.limit) continue;
    await giveUpOn(ctx, item, failures, error.failure);
    finished.add(index);
  }
  while (finished.has(state.queueCursor)) state.queueCursor++;
  state.queueLength = await work.queueLength();
  if (fatal !== undefined) throw fatal instanceof Error ? fatal : new Error("The walk failed");
  if (drained && state.queueCursor >= state.queueLength) state.phase = "publish";
}
