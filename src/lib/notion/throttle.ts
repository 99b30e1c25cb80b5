import { DeadlineReachedError } from "../jobs/errors";

/**
 * The one rate budget every Notion call goes through: a token bucket (average `ratePerSecond`, up to
 * `burst` at once after idling), a bound on calls in flight, and a shared pause so that one 429's
 * `Retry-After` holds back everyone, not just the caller that got it.
 *
 * Hand-written because no maintained library combines a token bucket, a concurrency bound and a
 * shared pause (see docs/dependencies.md).
 */
export interface ThrottleOptions {
  ratePerSecond: number;
  burst: number;
  concurrency: number;
  now?: () => number;
}

interface Waiter {
  resolve: () => void;
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

  constructor(private readonly options: ThrottleOptions) {
    this.now = options.now ?? Date.now;
    this.tokens = options.burst;
    this.last = this.now();
  }

  /** Run `fn` when the budget allows; rejects with DeadlineReachedError if it cannot start by `deadline`. */
  async run<T>(fn: () => Promise<T>, deadline = Number.POSITIVE_INFINITY): Promise<T> {
    await new Promise<void>((resolve, reject) => {
      this.queue.push({ resolve, reject, deadline });
      this.pump();
    });
    try {
      return await fn();
    } finally {
      this.inFlight--;
      this.pump();
    }
  }

  /** When the current pause (a 429's Retry-After) ends; in the past when there is none. */
  get pausedUntil(): number {
    return this.pausedUntilMs;
  }

  /** Hold every caller back for `ms` (a 429's Retry-After). */
  pause(ms: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, this.now() + ms);
    // Tokens saved up before the pause are not spent in a burst right after it.
    this.tokens = Math.min(this.tokens, 1);
    this.pump();
  }

  private refill(at: number): void {
    const elapsed = Math.max(0, at - this.last) / 1000;
    this.tokens = Math.min(this.options.burst, this.tokens + elapsed * this.options.ratePerSecond);
    this.last = at;
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = this.now();
    this.refill(now);
    this.expire(now);
    while (this.queue.length > 0 && this.inFlight < this.options.concurrency) {
      if (now < this.pausedUntilMs || this.tokens < 1) break;
      this.tokens -= 1;
      this.inFlight++;
      this.queue.shift()!.resolve();
    }
    if (this.queue.length === 0 || this.inFlight >= this.options.concurrency) return;
    const tokenWait = ((1 - this.tokens) / this.options.ratePerSecond) * 1000;
    const wait = Math.max(this.pausedUntilMs - now, tokenWait, 1);
    this.timer = setTimeout(() => this.pump(), Math.ceil(wait));
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
