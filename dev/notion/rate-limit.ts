/**
 * Notion's limit: "an average of three requests per second, some bursts allowed". Modelled as a token
 * bucket holding `burst` tokens refilled at `rate` per second of emulator time.
 */
export interface RateLimitOptions {
  /** Requests per second on average (default 3). */
  rate?: number;
  /** Bucket size: requests that may arrive at once after a quiet period (default 10). */
  burst?: number;
  /** false disables limiting. */
  enabled?: boolean;
  /** Decimals in Retry-After: 0 (default) rounds up to whole seconds like Notion; 3 gives ms precision. */
  retryAfterPrecision?: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBucket {
  rate: number;
  burst: number;
  enabled: boolean;
  retryAfterPrecision: number;
  private tokens: number;
  private last: number | null = null;

  constructor(options: RateLimitOptions = {}) {
    this.rate = options.rate ?? 3;
    this.burst = options.burst ?? 10;
    this.enabled = options.enabled ?? true;
    this.retryAfterPrecision = options.retryAfterPrecision ?? 0;
    this.tokens = this.burst;
  }

  configure(options: RateLimitOptions): void {
    if (options.rate !== undefined) this.rate = options.rate;
    if (options.burst !== undefined) this.burst = options.burst;
    if (options.enabled !== undefined) this.enabled = options.enabled;
    if (options.retryAfterPrecision !== undefined) this.retryAfterPrecision = options.retryAfterPrecision;
    this.tokens = Math.min(this.tokens, this.burst);
  }

  /** Refills the bucket completely. */
  reset(): void {
    this.tokens = this.burst;
    this.last = null;
  }

  take(now: number): TakeResult {
    if (!this.enabled) return { ok: true };
    if (this.last !== null) {
      // A clock moved backwards refills nothing rather than draining the bucket.
      this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.rate);
    }
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: ((1 - this.tokens) / this.rate) * 1000 };
  }

  /** The Retry-After header value for a wait of `ms`. */
  formatRetryAfter(ms: number): string {
    return formatRetryAfter(ms, this.retryAfterPrecision);
  }
}

export function formatRetryAfter(ms: number, precision: number): string {
  if (precision <= 0) return String(Math.max(1, Math.ceil(ms / 1000)));
  const factor = 10 ** precision;
  return (Math.ceil((ms / 1000) * factor) / factor).toFixed(precision);
}
