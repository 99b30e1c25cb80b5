import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type {
  DedupRecord,
  DlqEntry,
  LogEvent,
  PersistedState,
  QueueRecord,
  ScheduleRecord,
  StoredMessage,
} from "./model";

/** Deduplication ids are kept for 90 days (the SDK's documented window). */
const DEDUP_WINDOW_MS = 90 * 86_400_000;
/** Logs are a bounded ring: enough to debug a dev session without growing forever. */
const MAX_LOGS = 10_000;
/** Mutations are batched into one write at most this often. */
const SAVE_DEBOUNCE_MS = 20;

export interface Logger {
  info(msg: string, data?: object): void;
  warn(msg: string, data?: object): void;
}

/**
 * All emulator state in memory, optionally mirrored to `<dataDir>/qstash.json`. Writes are atomic
 * (temp file + rename) and serialised, so a crash leaves either the old or the new file.
 */
export class StateStore {
  readonly messages = new Map<string, StoredMessage>();
  /** Kept in `order`, oldest first. */
  dlq: DlqEntry[] = [];
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly queues = new Map<string, QueueRecord>();
  readonly dedup = new Map<string, DedupRecord>();
  /** Oldest first. */
  logs: LogEvent[] = [];
  private seq = 0;
  private saveTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly logger: Logger,
  ) {}

  static async open(dataDir: string | undefined, logger: Logger): Promise<StateStore> {
    const store = new StateStore(dataDir ? join(dataDir, "qstash.json") : undefined, logger);
    if (dataDir) {
      await mkdir(dataDir, { recursive: true });
      await store.load();
    }
    return store;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  appendLog(event: Omit<LogEvent, "order">): void {
    this.logs.push({ ...event, order: this.nextSeq() });
    if (this.logs.length > MAX_LOGS) this.logs.splice(0, this.logs.length - MAX_LOGS);
  }

  /** Schedules a save; cheap to call after every mutation. */
  markDirty(): void {
    if (!this.file || this.closed || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.flush();
    }, SAVE_DEBOUNCE_MS);
  }

  /** Writes the current state now (after any write already under way). */
  async flush(): Promise<void> {
    const file = this.file;
    if (!file) return;
    const next = this.writing.then(async () => {
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify(this.snapshot()));
        await rename(tmp, file);
      } catch (error) {
        await rm(tmp, { force: true });
        this.logger.warn("qstash: could not persist state", { file, error: String(error) });
      }
    });
    this.writing = next;
    await next;
  }

  /** Stops scheduled saves and writes the final state. */
  async close(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.closed = true;
    await this.flush();
  }

  private snapshot(): PersistedState {
    return {
      version: 1,
      seq: this.seq,
      messages: [...this.messages.values()],
      dlq: this.dlq,
      schedules: [...this.schedules.values()],
      queues: [...this.queues.values()],
      dedup: Object.fromEntries(this.dedup),
      logs: this.logs,
    };
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file!, "utf8");
    } catch {
      return; // first start: nothing saved yet
    }
    let state: PersistedState;
    try {
      state = JSON.parse(text) as PersistedState;
    } catch (error) {
      this.logger.warn("qstash: ignoring unreadable state file", { file: this.file, error: String(error) });
      return;
    }
    this.seq = state.seq;
    for (const message of state.messages) {
      // An attempt cut short by the shutdown is made again: delivery is at-least-once.
      if (message.phase === "active") message.phase = "pending";
      this.messages.set(message.messageId, message);
    }
    this.dlq = state.dlq;
    for (const schedule of state.schedules) this.schedules.set(schedule.scheduleId, schedule);
    for (const queue of state.queues) this.queues.set(queue.name, queue);
    const oldest = Date.now() - DEDUP_WINDOW_MS;
    for (const [id, record] of Object.entries(state.dedup)) {
      if (record.at >= oldest) this.dedup.set(id, record);
    }
    this.logs = state.logs;
    this.logger.info("qstash: state restored", {
      messages: this.messages.size,
      dlq: this.dlq.length,
      schedules: this.schedules.size,
    });
  }
}
