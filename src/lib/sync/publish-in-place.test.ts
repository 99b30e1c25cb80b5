import { describe, expect, it } from "vitest";
import { changeSync, entry as baseEntry, generation, IDS } from "../../../tests/helpers/manifest-fixtures";
import { plannedOf, previousFrom, type ManifestEntry, type PlannedEntry } from "../store/manifest";
import { changedInPlace } from "./publish-in-place";

const { ROOT, A, P, DB, ROW } = IDS;
const DRAFT = "00000000-0000-4000-8000-0000000000e2";
const UNDER = "00000000-0000-4000-8000-0000000000e3";

/** With a slug of its own: what a publish in place must keep. */
const entry = (
  id: string,
  parentId: string | null,
  children: string[] = [],
  extra: Partial<ManifestEntry> = {},
) => baseEntry(id, parentId, children, { slug: id.slice(-2), ...extra });

// ROOT → A → P; ROOT → DB → ROW, DRAFT (a draft row) → UNDER (a page below it: a draft by its parent)
const entries = [
  entry(ROOT, null, [A, DB], { slug: "" }),
  entry(A, ROOT, [P]),
  entry(P, A),
  entry(DB, ROOT, [ROW, DRAFT], { kind: "database" }),
  entry(ROW, DB),
];
const drafts = [
  entry(DRAFT, DB, [UNDER], { draft: { reason: "status" }, privateBundle: true }),
  entry(UNDER, DRAFT, [], { draft: { reason: "parent" }, privateBundle: true }),
];
const previous = generation(entries, drafts);

const lazy = previousFrom(previous);

const state = changeSync;

/** What the walk saves for an entry it read again: a planned entry without a slug, its own draft only. */
function walkedAgain(id: string, change: Partial<PlannedEntry> = {}): PlannedEntry {
  const old = [...entries, ...drafts].find((e) => e.id === id)!;
  const walked = { ...plannedOf(old), bundleGen: "g2", ...change };
  if (walked.draft?.reason === "parent") delete walked.draft;
  return walked;
}

const walk = (...walked: PlannedEntry[]) => new Map(walked.map((e) => [e.id, e]));

describe("changedInPlace", () => {
  it("takes content edits, with the previous slugs and the drafts the rules give", async () => {
    const changed = (await changedInPlace(state, lazy, walk(walkedAgain(P), walkedAgain(UNDER)), new Set()))
      ?.changed;
    expect(changed?.get(P)).toMatchObject({ slug: previous.entries.get(P)!.slug, bundleGen: "g2" });
    expect(changed?.get(P)?.draft).toBeUndefined();
    // Below a draft that was not walked, a page is a draft by its parent, as before.
    expect(changed?.get(UNDER)?.draft).toEqual({ reason: "parent" });
  });

  it("is also for page syncs, and not for syncs that walk everything", async () => {
    const page = { ...state, mode: "page" as const, plan: "walk" as const };
    expect(await changedInPlace(page, lazy, walk(walkedAgain(P)), new Set())).not.toBeNull();
    const reconcile = { ...state, plan: "walk" as const };
    expect(await changedInPlace(reconcile, lazy, walk(walkedAgain(P)), new Set())).toBeNull();
  });

  it.each([
    ["a new title", () => walk(walkedAgain(P, { title: "Renamed" }))],
    ["a new slug segment", () => walk(walkedAgain(P, { segment: "renamed" }))],
    ["a move", () => walk(walkedAgain(P, { parentId: ROOT }))],
    ["a child added", () => walk(walkedAgain(A, { children: [P, ROW] }))],
    ["a new entry", () => walk({ ...walkedAgain(P), id: "00000000-0000-4000-8000-0000000000aa" })],
    ["a row published", () => walk(walkedAgain(DRAFT, { draft: undefined }))],
    ["a row hidden", () => walk(walkedAgain(ROW, { draft: { reason: "unpublished" } }))],
  ])("plans whole for %s", async (_what, walked) => {
    expect(await changedInPlace(state, lazy, walked(), new Set())).toBeNull();
  });

  it("plans whole when an entry is gone, or a scheduled draft came due", async () => {
    expect(await changedInPlace(state, lazy, walk(), new Set([P]))).toBeNull();
    // An id that was never published (a new page that failed) is no change to the site.
    expect(await changedInPlace(state, lazy, walk(), new Set(["never-published"]))).not.toBeNull();
    const scheduled = generation(entries, [
      entry(DRAFT, DB, [], { draft: { reason: "scheduled", publishAt: "2026-03-01T12:00:00.000Z" } }),
    ]);

    expect(await changedInPlace(state, previousFrom(scheduled), walk(walkedAgain(P)), new Set())).toBeNull();
  });
});
