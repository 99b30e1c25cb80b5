/** Every request the emulator answered (or dropped), with exact counts for engine tests and benchmarks. */

export type RequestOutcome = "ok" | "error" | "rate_limited" | "fault";

export interface RequestLogEntry {
  seq: number;
  /** Emulator-clock time the request arrived (ISO). */
  at: string;
  method: string;
  /** Route template, e.g. `GET /v1/blocks/:id/children`; files are `GET /__files/:id`. */
  route: string;
  path: string;
  /** The id in the path (dashed), if any. */
  objectId: string | null;
  /** 0 when no answer was sent (dropped socket, client gave up on a held request). */
  status: number;
  /** Wall-clock time to answer, including injected latency. */
  ms: number;
  requestId: string;
  outcome: RequestOutcome;
  /** What injected the fault: `storm`, `script`, `rule`, `rate`, plus the kind. */
  fault?: string;
}

export interface RequestCounts {
  /** API requests (everything but file downloads), whatever their outcome. */
  total: number;
  ok: number;
  errors: number;
  rateLimited: number;
  faults: number;
  /** Hosted-file and asset downloads (not in `total`). */
  files: number;
  byRoute: Record<string, number>;
}

const emptyCounts = (): RequestCounts => ({
  total: 0,
  ok: 0,
  errors: 0,
  rateLimited: 0,
  faults: 0,
  files: 0,
  byRoute: {},
});

export class RequestLog {
  private list: RequestLogEntry[] = [];
  private tally = emptyCounts();
  private seq = 0;

  /** Entries beyond `maxEntries` are dropped oldest first; counts stay exact. */
  constructor(private readonly maxEntries = 100_000) {}

  record(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    const full = { ...entry, seq: ++this.seq };
    this.list.push(full);
    if (this.list.length > this.maxEntries) this.list.splice(0, this.list.length - this.maxEntries);
    const t = this.tally;
    t.byRoute[full.route] = (t.byRoute[full.route] ?? 0) + 1;
    if (full.path.startsWith("/__files/") || full.path.startsWith("/__assets/")) {
      t.files++;
      return full;
    }
    t.total++;
    if (full.outcome === "ok") t.ok++;
    else if (full.outcome === "rate_limited") t.rateLimited++;
    else if (full.outcome === "fault") t.faults++;
    else t.errors++;
    return full;
  }

  entries(): RequestLogEntry[] {
    return [...this.list];
  }

  counts(): RequestCounts {
    return { ...this.tally, byRoute: { ...this.tally.byRoute } };
  }

  reset(): void {
    this.list = [];
    this.tally = emptyCounts();
  }
}
