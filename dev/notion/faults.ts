/**
 * Fault injection: by rate (seeded, so a run is reproducible), by script (the next n requests, or
 * every request touching an object / matching a path), and storms (every call fails for a while).
 */
import { EmulatorInputError } from "./errors";
import { normalizeId } from "./ids";
import { SeededRandom } from "./random";

/** An HTTP status to answer with, `"drop"` (destroy the socket) or `"timeout"` (hold the request). */
export type FaultTarget = number | "drop" | "timeout";

export interface RateFaults {
  /** Share of requests answered with one of `statuses` (default [500, 502, 503, 529]). */
  rate?: number;
  statuses?: number[];
  /** Share of requests held without an answer until the client gives up (or `hangMs`). */
  timeoutRate?: number;
  /** Share of requests whose socket is destroyed. */
  dropRate?: number;
  /** How long a held request waits before answering 504 (default 120 s). */
  hangMs?: number;
}

export interface StormOptions {
  status?: number;
  durationMs: number;
  /** Retry-After seconds; default: the storm's remaining time, rounded up. */
  retryAfterSec?: number;
}

export type FaultDecision =
  | { kind: "status"; status: number; retryAfter: string; source: string }
  | { kind: "drop"; source: string }
  | { kind: "timeout"; hangMs: number; source: string };

export interface FaultRequest {
  path: string;
  objectId: string | null;
}

interface Rule {
  id: string;
  matches: (req: FaultRequest) => boolean;
  target: FaultTarget;
  remaining: number;
}

const DEFAULT_HANG_MS = 120_000;

export class FaultInjector {
  private random: SeededRandom;
  private rates: Required<RateFaults> = {
    rate: 0,
    statuses: [500, 502, 503, 529],
    timeoutRate: 0,
    dropRate: 0,
    hangMs: DEFAULT_HANG_MS,
  };
  private queue: FaultTarget[] = [];
  private rules: Rule[] = [];
  private stormUntil = 0;
  private stormStatus = 429;
  private stormRetryAfter: number | undefined;
  private ruleSeq = 0;

  constructor(
    private readonly seed: number,
    private readonly now: () => number,
  ) {
    this.random = new SeededRandom(seed);
  }

  /** Random faults; the draw sequence restarts from the seed so a configuration replays exactly. */
  setRates(rates: RateFaults): void {
    this.rates = { ...this.rates, ...rates };
    this.random = new SeededRandom(this.seed);
  }

  /** The next `n` API requests fail with `target`. */
  failNext(n: number, target: FaultTarget = 500): void {
    checkTarget(target);
    for (let i = 0; i < n; i++) this.queue.push(target);
  }

  /**
   * Every request touching an object (its id in the path) or whose path matches a regex fails with
   * `target`, `times` times (default: until cleared). Returns a rule id for `removeRule`.
   */
  failFor(matcher: string | RegExp, target: FaultTarget = 500, options: { times?: number } = {}): string {
    checkTarget(target);
    let matches: (req: FaultRequest) => boolean;
    if (matcher instanceof RegExp) {
      matches = (req) => matcher.test(req.path);
    } else {
      const id = normalizeId(matcher);
      if (!id) throw new EmulatorInputError(`failFor: "${matcher}" is neither an object id nor a RegExp`);
      matches = (req) => req.objectId === id;
    }
    const rule = { id: `rule_${++this.ruleSeq}`, matches, target, remaining: options.times ?? Infinity };
    this.rules.push(rule);
    return rule.id;
  }

  /** Scripted failures (failNext) not yet used. */
  scriptedRemaining(): number {
    return this.queue.length;
  }

  removeRule(id: string): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  /** Every API call answers `status` (429 by default, with Retry-After) for `durationMs`. */
  storm(options: StormOptions): void {
    this.stormStatus = options.status ?? 429;
    this.stormUntil = this.now() + options.durationMs;
    this.stormRetryAfter = options.retryAfterSec;
  }

  clearFaults(): void {
    this.rates = { ...this.rates, rate: 0, timeoutRate: 0, dropRate: 0 };
    this.queue = [];
    this.rules = [];
    this.stormUntil = 0;
  }

  /** Decides whether this request fails, and how. Called once per API request. */
  decide(req: FaultRequest): FaultDecision | null {
    const now = this.now();
    if (now < this.stormUntil) {
      const retry = this.stormRetryAfter ?? Math.max(1, Math.ceil((this.stormUntil - now) / 1000));
      return { kind: "status", status: this.stormStatus, retryAfter: String(retry), source: "storm" };
    }
    const scripted = this.queue.shift();
    if (scripted !== undefined) return this.toDecision(scripted, "script");
    for (const rule of this.rules) {
      if (rule.remaining > 0 && rule.matches(req)) {
        rule.remaining--;
        return this.toDecision(rule.target, "rule");
      }
    }
    return this.rateDecision();
  }

  private rateDecision(): FaultDecision | null {
    const { rate, statuses, timeoutRate, dropRate } = this.rates;
    if (rate <= 0 && timeoutRate <= 0 && dropRate <= 0) return null;
    const r = this.random.next();
    if (r < rate && statuses.length > 0) return this.toDecision(this.random.pick(statuses), "rate");
    if (r < rate + timeoutRate) return this.toDecision("timeout", "rate");
    if (r < rate + timeoutRate + dropRate) return this.toDecision("drop", "rate");
    return null;
  }

  private toDecision(target: FaultTarget, source: string): FaultDecision {
    if (target === "drop") return { kind: "drop", source };
    if (target === "timeout") return { kind: "timeout", hangMs: this.rates.hangMs, source };
    return { kind: "status", status: target, retryAfter: "1", source };
  }
}

function checkTarget(target: FaultTarget): void {
  if (target === "drop" || target === "timeout") return;
  if (!Number.isInteger(target) || target < 400 || target > 599) {
    throw new EmulatorInputError(
      `a fault status must be 400-599, "drop" or "timeout"; got ${String(target)}`,
    );
  }
}
