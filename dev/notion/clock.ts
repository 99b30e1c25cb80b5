/**
 * The emulator's notion of "now": a base clock (real time, or an injected `now()`) plus an offset the
 * tests move. Edit times, file expiry, storms and the rate-limit bucket all read it, so a test can
 * cross a minute or expire a file URL without sleeping.
 */
export class EmulatorClock {
  private offset = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offset;
  }

  /** Moves time forward (or back, with a negative value); returns the new now. */
  advance(ms: number): number {
    this.offset += ms;
    return this.now();
  }

  /** Jumps to an absolute epoch-ms time (time keeps flowing from there). */
  set(epochMs: number): number {
    this.offset = epochMs - this.base();
    return this.now();
  }
}
