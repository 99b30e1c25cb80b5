import { DeadlineReachedError } from "../jobs/errors";
import { ServerAllowance } from "./rate-allowance";
import { classifyRefusal, overloadPauseMs, suggestsWindow, type Refusal } from "./rate-policy";

/**
 * The one rate budget every Notion call goes through: a token bucket (average `ratePerSecond`, up to
 * `burst` at once after idling), a bound on calls in flight, and a shared pause so that one 429's
 * `Retry-After` holds back everyone, not just the caller that got it. The rate and burst are where it
 * starts: it follows the allowance the server turns out to have (rate-allowance.ts).
 *
 * Hand-written because no maintained library combines a token bucket, a concurrency bound and a
 * shared pause (see docs/dependencies.md).
 */
export interface ThrottleOptions {
  ratePerSecond: number;
  burst: number;
  concurrency: number;
  now?: () => number;
  /** Where a workspace-limit pause is shared with every other step and process (Redis in the app). */
  sharedPause?: SharedPause;
  /** Jitter source for 529 backoff (tests pass a fixed one). */
  random?: () => number;
}

/** A pause every step honours: `until` is epoch ms (0 or past when there is none). */
export interface SharedPause {
  read(): Promise<number>;
  extend(until: number): Promise<void>;
}

interface Waiter {
  /** `probe`: the call goes out past a window's spent budget, to find out when the next window opens. */
  resolve: (probe: boolean) => void;
  reject: (error: Error) => void;
  deadline: number;
}

export class Throttle {
  private tokens: number;
  private last: number;
  private inFlight = 0;
  private pausedUntilMs = 0;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
  private burst: number;
  private tokensAtResume: number | null = null;
  private readonly allowance: ServerAllowance;
  private overloadStreak = 0;
  /** Tokens kept in hand against a bucket; doubles with each refusal jitter still causes. */
  private reserve = 2;
  /** A window's budget is spent and one call is out to find the window's end: nothing else goes. */
  private probeOut = false;
  /** Calls left of the budget a window server gave at its last resume (0: spent, the next call probes). */
  private windowLeft = 0;

  constructor(private readonly options: ThrottleOptions) {
    this.now = options.now ?? Date.now;
    this.burst = options.burst;
    this.tokens = options.burst;
    this.last = this.now();
    this.allowance = new ServerAllowance(options.burst);
  }

  /** Run `fn` when the budget allows; rejects with DeadlineReachedError if it cannot start by `deadline`. */
  async run<T>(fn: () => Promise<T>, deadline = Number.POSITIVE_INFINITY): Promise<T> {
    const probe = await new Promise<boolean>((resolve, reject) => {
      this.queue.push({ resolve, reject, deadline });
      this.pump();
    });
    let refusedProbe = false;
    try {
      const result = await fn();
      this.allowance.noteAccepted();
      this.overloadStreak = 0;
      return result;
    } catch (error) {
      // The caller hands the refusal to `refused`, which sets the pause: nothing may go out before it.
      refusedProbe = probe && classifyRefusal(error) !== undefined;
      throw error;
    } finally {
      this.inFlight--;
      // Accepted (the budget grew: the next call probes again) or failed otherwise: the probe is over.
      if (probe && !refusedProbe) this.probeOut = false;
      this.pump();
    }
  }

  /** When the current pause (a 429's Retry-After) ends; in the past when there is none. */
  get pausedUntil(): number {
    return this.pausedUntilMs;
  }

  /** What the client has learned about the server's limit (for logs and tests). */
  get serverModel(): { mode: string; burst: number } {
    return { mode: this.allowance.mode, burst: this.burst };
  }

  /** Hold every caller back for `ms` (a 429's Retry-After). */
  pause(ms: number, tokensAtResume = this.tokensNeeded()): void {
    const until = this.now() + ms;
    if (until >= this.pausedUntilMs) this.tokensAtResume = tokensAtResume;
    this.pausedUntilMs = Math.max(this.pausedUntilMs, until);
    // Tokens saved up before the pause are not spent in a burst right after it.
    this.tokens = Math.min(this.tokens, 1);
    this.pump();
  }

  /**
   * Notion refused a call: wait as it says, for everyone. A connection 429 also teaches the allowance
   * (only the first of a volley: calls already in flight are refused too and say nothing new); a
   * workspace 429 is written where every step will see it; a 529 pauses with a growing, jittered backoff.
   */
  async refused(refusal: Refusal): Promise<void> {
    try {
      await this.waitOut(refusal);
    } finally {
      // A refused probe held every call back until its pause was set.
      this.probeOut = false;
      this.pump();
    }
  }

  private async waitOut(refusal: Refusal): Promise<void> {
    const now = this.now();
    if (refusal.kind === "overload") {
      // One volley of 529s (every call in flight) is one step of the backoff, not one per call.
      if (now >= this.pausedUntilMs) this.overloadStreak++;
      this.pause(overloadPauseMs(this.overloadStreak, refusal.retryAfterMs, this.options.random));
      return;
    }
    if (refusal.kind === "workspace") {
      this.pause(refusal.retryAfterMs);
      await this.options.sharedPause?.extend(now + refusal.retryAfterMs).catch(() => undefined);
      return;
    }
    if (now < this.pausedUntilMs) {
      // In flight when the first was refused: extend the pause, keep what the first decided at resume.
      this.pause(refusal.retryAfterMs, this.tokensAtResume ?? 1);
      return;
    }
    const learned = this.allowance.refused(suggestsWindow(refusal, this.options.ratePerSecond));
    this.burst = learned.burst;
    // Doubling: a stall that bunched n arrivals needs n tokens of slack, and n grows with the stall.
    if (this.allowance.mode === "bucket") this.reserve *= 2;
    // Against a bucket this is 1: the server has one call's worth, and the reserve is rebuilt from there.
    this.pause(refusal.retryAfterMs, learned.tokensAtResume);
  }

  /** Adopt a workspace pause another step or process recorded (call when a step starts). */
  async adoptSharedPause(): Promise<void> {
    const until = await this.options.sharedPause?.read().catch(() => 0);
    if (until && until > this.now()) this.pause(until - this.now());
  }

  /** The server has (or is being tested for) a budget per window, not a bucket. */
  private get windowed(): boolean {
    return this.allowance.mode === "window" || this.allowance.mode === "probing";
  }

  private refill(at: number): void {
    const elapsed = Math.max(0, at - this.last) / 1000;
    // A window's budget comes back only when the window ends: time earns no more than the one call
    // that finds out when that is (refused, with the window's Retry-After).
    const cap = this.windowed ? Math.max(1, this.tokens) : this.burst;
    this.tokens = Math.min(cap, this.tokens + elapsed * this.options.ratePerSecond);
    this.last = at;
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = this.now();
    if (this.tokensAtResume !== null && now >= this.pausedUntilMs) {
      // A window server's budget comes back all at once when its window ends.
      this.tokens = Math.max(this.tokens, this.tokensAtResume);
      this.windowLeft = this.tokensAtResume;
      this.tokensAtResume = null;
      this.last = now;
    }
    this.refill(now);
    this.expire(now);
    const need = this.tokensNeeded();
    const windowed = this.windowed;
    while (this.queue.length > 0 && this.inFlight < this.options.concurrency) {
      if (now < this.pausedUntilMs || this.tokens < need || this.probeOut) break;
      this.tokens -= 1;
      this.inFlight++;
      // Past a window's budget only one call goes: the server refuses everything until the window
      // ends, and one refusal says when that is.
      const probe = windowed && this.windowLeft <= 0;
      if (probe) this.probeOut = true;
      else this.windowLeft--;
      this.queue.shift()!.resolve(probe);
    }
    if (this.queue.length === 0 || this.inFlight >= this.options.concurrency || this.probeOut) return;
    const tokenWait = ((need - this.tokens) / this.options.ratePerSecond) * 1000;
    const wait = Math.max(this.pausedUntilMs - now, tokenWait, 1);
    this.timer = setTimeout(() => this.pump(), Math.ceil(wait));
  }

  /**
   * Against a bucket, keep two tokens in hand (twice as many after each refusal jitter still causes, up to
   * the burst): the server refills at the same rate but counts arrivals, and network jitter bunches them, so
   * a client that spends its last token is refused now and then. Each kept token costs one call's
   * time once, not a share of the rate.
   * A window's budget is spent to the last call.
   */
  private tokensNeeded(): number {
    if (this.windowed) return 1;
    return 1 + Math.min(this.reserve, Math.max(0, Math.floor(this.burst) - 1));
  }

  private expire(now: number): void {
    const startAt = Math.max(now, this.pausedUntilMs);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const waiter = this.queue[i]!;
      if (waiter.deadline <= startAt) {
        this.queue.splice(i, 1);
        waiter.reject(new DeadlineReachedError("The step's time budget ran out before the call could start"));
      }
    }
  }
}
