/**
 * Notion's request limits, in the two shapes the server has had:
 * - `bucket`: "an average of three requests per second, some bursts allowed" — a token bucket holding
 *   `burst` tokens refilled at `rate` per second;
 * - `window`: today's request-limits page — a per-connection budget of `windowBudget` requests for each
 *   `windowMs` window (60 s), after which every call is refused until the window ends.
 * Either way a per-workspace limit (shared by every integration) may refuse calls too, with a
 * `Retry-After` that can exceed a minute. All times are the emulator clock's, so tests compress them.
 */
export type RateModel = "bucket" | "window";

/** `additional_data.rate_limit_reason` on a 429: which of the two limits refused the call. */
export const RATE_LIMIT_REASONS = {
  connection: "connection_rate_limit",
  workspace: "workspace_rate_limit",
} as const;
export type RateLimitReason = (typeof RATE_LIMIT_REASONS)[keyof typeof RATE_LIMIT_REASONS];

export interface WorkspaceLimitOptions {
  /** Requests the whole workspace may make per `windowMs` (default: unlimited). */
  budget?: number;
  /** Default 5 minutes, so its Retry-After can be longer than the connection limit's 60 s. */
  windowMs?: number;
}

export interface RateLimitOptions {
  /** `bucket` (default) or `window`. */
  model?: RateModel;
  /** Bucket: requests per second on average (default 3). */
  rate?: number;
  /** Bucket: requests that may arrive at once after a quiet period (default 10). */
  burst?: number;
  /** Window: requests per window (default 180). */
  windowBudget?: number;
  /** Window: its length in ms (default 60,000). A window opens with the first request after the last one closed. */
  windowMs?: number;
  /** The per-workspace limit; `null` removes it. */
  workspace?: WorkspaceLimitOptions | null;
  /** false disables limiting (the workspace limit included). */
  enabled?: boolean;
  /** Decimals in Retry-After: 0 (default) rounds up to whole seconds like Notion; 3 gives ms precision. */
  retryAfterPrecision?: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number; reason: RateLimitReason };

/** A budget of `budget` calls per window that opens at the first call after the previous one closed. */
class WindowBudget {
  private start: number | null = null;
  private used = 0;
  private blockedUntil = 0;

  constructor(
    public budget: number,
    public windowMs: number,
  ) {}

  reset(): void {
    this.start = null;
    this.used = 0;
    this.blockedUntil = 0;
  }

  /** Milliseconds until the window ends when the budget is spent; 0 when a call may go (not yet counted). */
  refusal(now: number): number {
    if (now < this.blockedUntil) return this.blockedUntil - now;
    if (this.start === null || now >= this.start + this.windowMs) return 0;
    return this.used >= this.budget ? this.start + this.windowMs - now : 0;
  }

  count(now: number): void {
    if (this.start === null || now >= this.start + this.windowMs) {
      this.start = now;
      this.used = 0;
    }
    this.used++;
  }

  /** Every call is refused until `until` (other integrations spent the workspace's budget). */
  block(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }
}

export class RateLimiter {
  model: RateModel;
  rate: number;
  burst: number;
  enabled: boolean;
  retryAfterPrecision: number;
  private tokens: number;
  private last: number | null = null;
  private readonly window: WindowBudget;
  private workspace: WindowBudget | null = null;
  private workspaceWindowMs = 300_000;

  constructor(options: RateLimitOptions = {}) {
    this.model = options.model ?? "bucket";
    this.rate = options.rate ?? 3;
    this.burst = options.burst ?? 10;
    this.enabled = options.enabled ?? true;
    this.retryAfterPrecision = options.retryAfterPrecision ?? 0;
    this.tokens = this.burst;
    this.window = new WindowBudget(options.windowBudget ?? 180, options.windowMs ?? 60_000);
    if (options.workspace) this.setWorkspace(options.workspace);
  }

  configure(options: RateLimitOptions): void {
    if (options.model !== undefined) this.model = options.model;
    if (options.rate !== undefined) this.rate = options.rate;
    if (options.burst !== undefined) this.burst = options.burst;
    if (options.enabled !== undefined) this.enabled = options.enabled;
    if (options.retryAfterPrecision !== undefined) this.retryAfterPrecision = options.retryAfterPrecision;
    if (options.windowBudget !== undefined) this.window.budget = options.windowBudget;
    if (options.windowMs !== undefined) this.window.windowMs = options.windowMs;
    if (options.workspace !== undefined) this.setWorkspace(options.workspace);
    this.tokens = Math.min(this.tokens, this.burst);
  }

  /** What `GET /__emulator/state` shows. */
  describe() {
    return {
      enabled: this.enabled,
      model: this.model,
      rate: this.rate,
      burst: this.burst,
      windowBudget: this.window.budget,
      windowMs: this.window.windowMs,
      workspace: this.workspace ? { budget: this.workspace.budget, windowMs: this.workspaceWindowMs } : null,
    };
  }

  /** Full bucket, fresh windows, no workspace refusal in force. */
  reset(): void {
    this.tokens = this.burst;
    this.last = null;
    this.window.reset();
    if (this.workspace) this.workspace = new WindowBudget(this.workspace.budget, this.workspaceWindowMs);
  }

  /** The workspace limit refuses every call for `durationMs`, as when other integrations spent it. */
  limitWorkspace(now: number, durationMs: number): void {
    this.workspace ??= new WindowBudget(Number.POSITIVE_INFINITY, this.workspaceWindowMs);
    this.workspace.block(now + durationMs);
  }

  take(now: number): TakeResult {
    if (!this.enabled) return { ok: true };
    const workspaceWait = this.workspace?.refusal(now) ?? 0;
    if (workspaceWait > 0)
      return { ok: false, retryAfterMs: workspaceWait, reason: RATE_LIMIT_REASONS.workspace };
    const connectionWait = this.model === "window" ? this.window.refusal(now) : this.bucketWait(now);
    if (connectionWait > 0) {
      return { ok: false, retryAfterMs: connectionWait, reason: RATE_LIMIT_REASONS.connection };
    }
    if (this.model === "window") this.window.count(now);
    else this.tokens -= 1;
    this.workspace?.count(now);
    return { ok: true };
  }

  /** The Retry-After header value for a wait of `ms`. */
  formatRetryAfter(ms: number): string {
    return formatRetryAfter(ms, this.retryAfterPrecision);
  }

  private bucketWait(now: number): number {
    if (this.last !== null) {
      // A clock moved backwards refills nothing rather than draining the bucket.
      this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.rate);
    }
    this.last = now;
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.rate) * 1000;
  }

  private setWorkspace(options: WorkspaceLimitOptions | null): void {
    if (options === null) {
      this.workspace = null;
      return;
    }
    this.workspaceWindowMs = options.windowMs ?? 300_000;
    this.workspace = new WindowBudget(options.budget ?? Number.POSITIVE_INFINITY, this.workspaceWindowMs);
  }
}

export function formatRetryAfter(ms: number, precision: number): string {
  if (precision <= 0) return String(Math.max(1, Math.ceil(ms / 1000)));
  const factor = 10 ** precision;
  return (Math.ceil((ms / 1000) * factor) / factor).toFixed(precision);
}
