import { readManifest } from "../store/site-reader";
import type { Store } from "../store/redis";
import {
  deleteSearchChunks,
  deleteSearchTexts,
  publishSearchIndex,
  readBundlesForIndex,
  readSearchChunks,
  readSearchMeta,
  writeSearchChunks,
  writeSearchTexts,
  type SearchMeta,
} from "../store/search-index";
import { chunkText } from "./chunks";
import { searchDocument } from "./documents";
import { planIndex } from "./index-plan";
import { SearchIndex } from "./search-index";

export const SEARCH_INDEX_JOB = "search-index";

export interface SearchIndexDeps {
  store: Store;
  now?: () => number;
}

export interface SearchIndexCounters {
  documentsAdded: number;
  documentsReplaced: number;
  documentsRemoved: number;
  documentsUnchanged: number;
  documents: number;
  indexBytes: number;
  indexChunks: number;
}

/** Small: the index itself lives in Redis between steps. */
export interface SearchIndexState {
  version: 1;
  /** The live index generation this run builds on; the publish is a compare-and-set against it. */
  base: string | null;
  /** An unfinished index saved by the previous step (a big first build spans several steps). */
  partial: { key: string; chunks: number } | null;
  /** Texts of documents this run replaced or removed: deleted once the new index is live. */
  retired: { id: string; tg: string }[];
  /** Site generation indexed by the last publish of this run. */
  siteGeneration: string | null;
  steps: number;
  /** Publishes that happened while this run worked and that it went on to index. */
  followUps: number;
  /** Documents this run still has to add or replace (progress: touched of touched + remaining). */
  remaining: number;
  counters: SearchIndexCounters;
}

/** How many bundles one read fetches (responses stay small). */
const BATCH = 50;

export async function startSearchIndex(deps: SearchIndexDeps): Promise<SearchIndexState> {
  const meta = await readSearchMeta(deps.store);
  return {
    version: 1,
    base: meta?.generation ?? null,
    partial: null,
    retired: [],
    siteGeneration: null,
    steps: 0,
    followUps: 0,
    remaining: 0,
    counters: {
      documentsAdded: 0,
      documentsReplaced: 0,
      documentsRemoved: 0,
      documentsUnchanged: 0,
      documents: meta?.documents ?? 0,
      indexBytes: meta?.bytes ?? 0,
      indexChunks: meta?.chunks ?? 0,
    },
  };
}

async function loadIndex(store: Store, gen: string, chunks: number): Promise<SearchIndex> {
  return SearchIndex.fromJSON((await readSearchChunks(store, gen, chunks)).join(""));
}

async function saveIndex(store: Store, gen: string, index: SearchIndex) {
  const json = await index.toJSON();
  const chunks = chunkText(json);
  await writeSearchChunks(store, gen, chunks);
  return { chunks: chunks.length, bytes: Buffer.byteLength(json) };
}

/** Documents touched so far by this run: what "cost ∝ changes" is measured by. */
export function documentsTouched(state: SearchIndexState): number {
  const c = state.counters;
  return c.documentsAdded + c.documentsReplaced + c.documentsRemoved;
}

/**
 * One time-boxed step: bring the index up to the live site generation, touching only documents whose
 * page changed, then publish it. Stops at `deadline` with its work saved; a publish that lands while it
 * runs is indexed by a further step of the same run, so no change is lost.
 */
export async function runSearchIndexStep(
  deps: SearchIndexDeps,
  jobId: string,
  state: SearchIndexState,
  deadline: number,
  signal?: AbortSignal,
  /** Called after each batch with the state so far, for live progress. */
  onProgress?: (state: SearchIndexState) => void,
): Promise<{ state: SearchIndexState; done: boolean }> {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  // Each publish of a run gets its own generation: a live generation's values are never overwritten.
  const gen = state.followUps === 0 ? jobId : `${jobId}.${state.followUps}`;
  const next: SearchIndexState = { ...state, steps: state.steps + 1, counters: { ...state.counters } };
  const c = next.counters;
  const live = await readSearchMeta(store);
  if ((live?.generation ?? null) !== next.base) {
    // Another run published since this one started: build on its result instead.
    next.base = live?.generation ?? null;
    next.partial = null;
    // What this run retired belonged to the old base; the new live index may still use those texts.
    next.retired = [];
  }
  const manifest = await readManifest(store);
  if (!manifest) return { state: next, done: true };

  const index = next.partial
    ? await loadIndex(store, next.partial.key, next.partial.chunks)
    : live
      ? await loadIndex(store, live.generation, live.chunks)
      : SearchIndex.empty();
  const plan = planIndex(index, manifest);
  c.documentsUnchanged = plan.unchanged;

  for (const id of plan.remove) {
    const old = index.stored(id);
    if (old) next.retired.push({ id, tg: old.tg });
    index.remove(id);
    c.documentsRemoved++;
  }
  let finished = true;
  next.remaining = plan.put.length;
  onProgress?.(next);
  for (let i = 0; i < plan.put.length; i += BATCH) {
    // At least one batch per step, so a run always moves forward however short its steps.
    if (i > 0 && (now() >= deadline || signal?.aborted)) {
      finished = false;
      break;
    }
    const batch = plan.put.slice(i, i + BATCH);
    const bundles = await readBundlesForIndex(
      store,
      batch.map((t) => t.entry),
    );
    const texts: { id: string; text: string }[] = [];
    batch.forEach((target, j) => {
      const bundle = bundles[j];
      // Collected by a newer sync already: the next plan, against the newer manifest, picks it up.
      if (!bundle) return;
      const doc = searchDocument(bundle, target);
      const old = index.stored(doc.id);
      if (old && old.tg !== gen) next.retired.push({ id: doc.id, tg: old.tg });
      index.put({ ...doc, sig: target.sig, tg: gen });
      texts.push({ id: doc.id, text: doc.text });
      if (old) c.documentsReplaced++;
      else c.documentsAdded++;
    });
    await writeSearchTexts(store, gen, texts);
    next.remaining -= batch.length;
    onProgress?.(next);
  }
  c.documents = index.size;

  if (!finished) {
    const key = `${gen}.p${next.steps}`;
    const saved = await saveIndex(store, key, index);
    if (next.partial) await deleteSearchChunks(store, next.partial.key, next.partial.chunks);
    next.partial = { key, chunks: saved.chunks };
    return { state: next, done: false };
  }
  return publish(deps, gen, next, index, live, manifest.generation);
}

async function publish(
  deps: SearchIndexDeps,
  gen: string,
  state: SearchIndexState,
  index: SearchIndex,
  live: SearchMeta | null,
  siteGeneration: string,
): Promise<{ state: SearchIndexState; done: boolean }> {
  const { store } = deps;
  const touched = index.ids().filter((id) => index.stored(id)?.tg === gen);
  const nothingChanged = live && state.partial === null && touched.length === 0 && state.retired.length === 0;
  const meta: SearchMeta = nothingChanged
    ? { ...live, siteGeneration, builtAt: new Date().toISOString() }
    : {
        generation: gen,
        siteGeneration,
        documents: index.size,
        builtAt: new Date().toISOString(),
        ...(await saveIndex(store, gen, index)),
      };
  if (!(await publishSearchIndex(store, state.base, meta, touched))) {
    // Lost a race with another run: start over from its result in the next step.
    return {
      state: {
        ...state,
        base: (await readSearchMeta(store))?.generation ?? null,
        partial: null,
        retired: [],
      },
      done: false,
    };
  }
  if (live && live.generation !== meta.generation)
    await deleteSearchChunks(store, live.generation, live.chunks);
  if (state.partial) await deleteSearchChunks(store, state.partial.key, state.partial.chunks);
  await deleteSearchTexts(store, state.retired);
  const next: SearchIndexState = {
    ...state,
    base: meta.generation,
    partial: null,
    retired: [],
    siteGeneration,
    counters: {
      ...state.counters,
      indexBytes: meta.bytes,
      indexChunks: meta.chunks,
      documents: meta.documents,
    },
  };
  // A publish landed while this run worked: index it too, in the next step of this run.
  const manifest = await readManifest(store);
  if (manifest && manifest.generation !== siteGeneration)
    return { state: { ...next, followUps: next.followUps + 1 }, done: false };
  return { state: next, done: true };
}
