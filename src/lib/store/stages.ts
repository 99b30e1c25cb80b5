import { scanHashPage } from "./manifest-chunks";
import type { Store } from "./redis";

/**
 * Where a long store operation (a publish, a collection) that spans steps stands. It is small and lives
 * in the job's state: the next step goes on from it.
 */
export interface StagePosition {
  /** The stage being run. */
  stage: number;
  /** List stages: items already written. Scan stages: 0 before the stage began, 1 once it has. */
  done: number;
  /** Scan stages: the HSCAN cursor to go on from ("0": the start). List stages: "begun" once cleared. */
  cursor: string;
  /** Publish: the previous file index had fields, so only fresh bundles are read for files. */
  carried?: boolean;
}

export const startPosition = (): StagePosition => ({ stage: 0, done: 0, cursor: "0" });

/** A stage: true once it is finished, false when the step stopped inside it. */
export type Stage = () => Promise<boolean>;

/**
 * Runs stages in bounded batches for one step, from `at`, and moves `at` along as batches are written. A
 * step always writes at least one batch (so a long stage finishes however short the steps are), then
 * stops at the first batch boundary after `stopped()` turns true.
 */
export class StageRunner {
  private batches = 0;

  constructor(
    readonly at: StagePosition,
    private readonly stopped: () => boolean = () => false,
  ) {}

  private get halted(): boolean {
    return this.batches > 0 && this.stopped();
  }

  /** Run the stages from the current one. True when all are finished. */
  async run(stages: readonly Stage[]): Promise<boolean> {
    while (this.at.stage < stages.length) {
      if (!(await stages[this.at.stage]!())) return false;
      this.at.stage++;
      this.at.done = 0;
      this.at.cursor = "0";
    }
    return true;
  }

  /**
   * Write `items` in slices of `size`, going on after the ones an earlier step wrote. `begin` runs
   * before the first slice (or once, when there are none): it clears what the stage writes.
   */
  async list<T>(
    items: readonly T[],
    size: number,
    write: (slice: T[]) => Promise<void>,
    begin?: () => Promise<void>,
  ): Promise<boolean> {
    // The cursor of a list stage only marks that `begin` ran.
    if (this.at.cursor === "0" && begin) {
      if (this.halted) return false;
      await begin();
      this.at.cursor = "begun";
      this.batches++;
    }
    while (this.at.done < items.length) {
      if (this.halted) return false;
      const slice = items.slice(this.at.done, this.at.done + size);
      await write(slice);
      this.at.done += slice.length;
      this.batches++;
    }
    return true;
  }

  /**
   * Read a hash a page at a time (HSCAN), going on from the cursor an earlier step stopped at. A field
   * may come twice (Redis rehashing): `onPage` must be safe to repeat.
   */
  async scan(
    store: Store,
    key: string,
    onPage: (page: [string, string][]) => Promise<void>,
    begin?: () => Promise<void>,
  ): Promise<boolean> {
    if (this.at.done === 0) {
      if (this.halted) return false;
      if (begin) await begin();
      this.at.done = 1;
      this.at.cursor = "0";
      this.batches++;
    }
    do {
      if (this.halted) return false;
      const [next, page] = await scanHashPage(store, key, this.at.cursor);
      if (page.length > 0) await onPage(page);
      this.at.cursor = next;
      this.batches++;
    } while (this.at.cursor !== "0");
    return true;
  }
}
