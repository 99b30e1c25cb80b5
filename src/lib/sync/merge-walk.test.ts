import { describe, expect, it } from "vitest";
import { changeSync, entry, generation, IDS } from "../../../tests/helpers/manifest-fixtures";
import type { PageSummary } from "../bundle-types";
import { previousFrom } from "../store/manifest";
import { changeSeeds } from "./discover";
import { mergeSyncParams, SyncParamsSchema, syncSatisfies } from "./job";
import { mergeWalk } from "./merge-walk";

const { ROOT, A, B, P, DB, DS, ROW } = IDS;
const NEW_ROW = "00000000-0000-4000-8000-0000000000e2";

// ROOT → A → P, ROOT → B, ROOT → DB (data source DS) → ROW
const previous = generation([
  entry(ROOT, null, [A, B, DB]),
  entry(A, ROOT, [P]),
  entry(B, ROOT),
  entry(P, A),
  entry(DB, ROOT, [ROW], { kind: "database", dataSourceIds: [DS] }),
  entry(ROW, DB),
]);

const state = changeSync;

function summary(id: string, parent: PageSummary["parent"]): PageSummary {
  return { id, title: id, properties: {}, parent, createdTime: "", lastEditedTime: "", inTrash: false };
}

describe("changeSeeds", () => {
  it("walks the root, known pages search listed, new rows of known databases, and rechecks with parents", async () => {
    const seen = new Map([
      [B, summary(B, { kind: "page", id: ROOT })],
      [NEW_ROW, summary(NEW_ROW, { kind: "data_source", id: DS, databaseId: DB })],
      // A new page under a page: its parent, bumped by the same edit, finds it.
      [
        "00000000-0000-4000-8000-00000000abcd",
        summary("00000000-0000-4000-8000-00000000abcd", { kind: "page", id: A }),
      ],
    ]);
    const items = await changeSeeds(ROOT, previousFrom(previous), seen, [P, DS]);
    expect(items.map((i) => [i.id, i.parent, i.recheck ?? false])).toEqual([
      [P, A, true],
      [A, ROOT, true],
      [DB, ROOT, true],
      [ROOT, null, true],
      [ROOT, null, false],
      [B, ROOT, false],
      [NEW_ROW, DB, false],
    ]);
  });
});

describe("mergeWalk", () => {
  it("moves a page to the walked parent that now lists it, and drops what was found gone", () => {
    // P moved from A to B; ROW was trashed.
    const walked = new Map([
      [A, entry(A, ROOT, [], { bundleGen: "g2" })],
      [B, entry(B, ROOT, [P], { bundleGen: "g2" })],
    ]);
    const merged = mergeWalk(state, previous, walked, new Set([ROW]));
    expect(merged.get(P)?.parentId).toBe(B);
    expect(merged.has(ROW)).toBe(false);
    // The previous generation's own entries are left as they were.
    expect(previous.entries.get(P)?.parentId).toBe(A);
  });

  it("adds a new row to a database that was not walked", () => {
    const walked = new Map([[NEW_ROW, entry(NEW_ROW, DB, [], { bundleGen: "g2" })]]);
    const merged = mergeWalk(state, previous, walked, new Set());
    expect(merged.get(DB)?.children).toEqual([ROW, NEW_ROW]);
    expect(previous.entries.get(DB)?.children).toEqual([ROW]);
  });

  it("publishes only what a full walk walked", () => {
    const walked = new Map([[ROOT, entry(ROOT, null)]]);
    expect(mergeWalk({ ...state, plan: "walk" }, previous, walked, new Set())).toBe(walked);
  });
});

describe("recheck parameters", () => {
  it("accept Notion ids in incremental mode only", () => {
    expect(SyncParamsSchema.safeParse({ mode: "incremental", recheck: [P] }).success).toBe(true);
    expect(SyncParamsSchema.safeParse({ mode: "force", recheck: [P] }).success).toBe(false);
    expect(SyncParamsSchema.safeParse({ mode: "incremental", recheck: ["../etc"] }).success).toBe(false);
  });

  it("queue behind a running sync and fold together", () => {
    expect(syncSatisfies({ mode: "incremental" }, { mode: "incremental", recheck: [P] })).toBe(false);
    expect(syncSatisfies({ mode: "incremental" }, { mode: "incremental" })).toBe(true);
    expect(
      mergeSyncParams({ mode: "incremental", recheck: [P] }, { mode: "incremental", recheck: [P, B] }),
    ).toEqual({ mode: "incremental", recheck: [P, B] });
  });
});
