/**
 * What the server allows, learned from its answers. Notion has limited integrations two ways: a token
 * bucket ("3 requests per second on average, some bursts allowed") and, today, a budget for each 60-s
 * window sized by the workspace's plan. Neither is announced, so the client paces at the configured
 * rate and burst until the first connection 429, then tests which kind of server it talks to:
 *
 * - it had more calls accepted than its burst before the refusal, and is told to wait longer than a
 *   bucket would make it → maybe a window: when the pause ends (the window's end), it sends that many
 *   at once (`probing`). All accepted → `window`: each new
 *   window gets the whole budget at once, and the one call refused at its end says when the next opens.
 * - a refusal within the burst, or during the probe → `bucket`: keep pacing, with the burst the server
 *   actually allowed.
 */
export type AllowanceMode = "unknown" | "probing" | "window" | "bucket";

export interface AfterRefusal {
  /** The most calls to send at once from now on. */
  burst: number;
  /** Calls that may go at once when the pause ends. */
  tokensAtResume: number;
}

export class ServerAllowance {
  mode: AllowanceMode = "unknown";
  /** Calls accepted by the server since the last connection 429 (or since the start). */
  private accepted = 0;
  private probeSize = 0;

  constructor(private burst: number) {}

  /** The server answered a call (anything but a 429). */
  noteAccepted(): void {
    this.accepted++;
    if (this.mode === "probing" && this.accepted >= this.probeSize) this.mode = "window";
  }

  /**
   * A connection-limit 429 (not one that arrived while already paused); `longWait`: its Retry-After is
   * longer than a token bucket's would be.
   */
  refused(longWait = true): AfterRefusal {
    const accepted = this.accepted;
    this.accepted = 0;
    // Refused before any call went through (another step spent the allowance): nothing learned.
    if (accepted === 0 && this.mode === "unknown") return { burst: this.burst, tokensAtResume: 1 };
    if (this.mode === "unknown" && accepted > this.burst && longWait) {
      this.mode = "probing";
      this.probeSize = accepted;
      return { burst: accepted, tokensAtResume: accepted };
    }
    if (this.mode === "window" && accepted > 0) {
      // The window's budget is what it accepted: it follows a plan that changes, up or down.
      return { burst: accepted, tokensAtResume: accepted };
    }
    // A short wait after more than the burst went through: a bucket at about our rate (jitter refused one).
    if (this.mode === "probing" || this.mode === "unknown") {
      this.mode = "bucket";
      this.burst = Math.max(1, Math.min(this.burst, accepted));
    }
    if (this.mode === "window") return { burst: this.probeSize, tokensAtResume: this.probeSize };
    return { burst: this.burst, tokensAtResume: 1 };
  }
}
