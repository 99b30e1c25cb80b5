import { expect, it } from "vitest";
import type { JobRecord } from "@/lib/jobs/types";
import { waitForJob, type TestApp } from "../helpers/app";

/** A job as the status API shows it (the engine's state is never exposed). */
export type JobView = Omit<JobRecord, "state">;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON body, or `{}` when the body is not JSON. */
  body: Record<string, unknown>;
}

/** The exact keys of a 202 from the trigger (and of the legacy route's hand-off). */
export const TRIGGER_KEYS = [
  "dashboardUrl",
  "force",
  "jobId",
  "messageId",
  "ok",
  "page",
  "status",
  "statusUrl",
  "workerUrl",
];

const SECRET_VARIABLES = [
  "SYNC_SECRET",
  "CRON_SECRET",
  "NOTION_TOKEN",
  "NOTION_WEBHOOK_SECRET",
  "QSTASH_TOKEN",
  "QSTASH_CURRENT_SIGNING_KEY",
  "QSTASH_NEXT_SIGNING_KEY",
  "KV_REST_API_TOKEN",
];

/**
 * HTTP calls to a test app that remember every response (status line, headers, body), so a suite can
 * check at the end that no secret ever left the app — in a response or in its logs.
 */
export class AppProbe {
  private readonly seen: string[] = [];

  constructor(readonly app: TestApp) {}

  async call(path: string, init: RequestInit = {}): Promise<Reply> {
    const response = await fetch(`${this.app.url}${path}`, { redirect: "manual", ...init });
    const text = await response.text();
    this.seen.push(`${response.status} ${JSON.stringify([...response.headers])}\n${text}`);
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
    } catch {
      // not JSON: callers look at `text`
    }
    return { status: response.status, headers: response.headers, text, body };
  }

  /** POST /api/sync/trigger with the secret as a Bearer token; `query` like "force=1". */
  trigger(query = "", init: RequestInit = {}): Promise<Reply> {
    return this.call(`/api/sync/trigger${query ? `?${query}` : ""}`, {
      method: "POST",
      ...init,
      headers: { authorization: `Bearer ${this.app.secret}`, ...init.headers },
    });
  }

  async job(jobId: string): Promise<JobView> {
    const reply = await this.call(`/api/sync/jobs/${jobId}`, {
      headers: { authorization: `Bearer ${this.app.secret}` },
    });
    expect(reply.status, reply.text).toBe(200);
    return reply.body.job as JobView;
  }

  /** Poll until the job ends, then return it as the status API shows it (recorded like any call). */
  async finished(jobId: string, timeoutMs = 60_000): Promise<JobView> {
    await waitForJob(this.app, jobId, timeoutMs);
    return this.job(jobId);
  }

  /** Every secret the app was started with (by variable name) that appears in a response or a log line. */
  leakedSecrets(extra: Record<string, string> = {}): string[] {
    const secrets = Object.entries({ ...pickSecrets(this.app.env), ...extra });
    const haystacks = [...this.seen, ...this.app.logs];
    return secrets
      .filter(([, value]) => haystacks.some((text) => text.includes(value)))
      .map(([name]) => name);
  }

  get responsesSeen(): number {
    return this.seen.length;
  }
}

function pickSecrets(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SECRET_VARIABLES) {
    const value = env[name]?.trim();
    if (value) out[name] = value;
  }
  return out;
}

/** An error answer: this status and exactly `{ok: false, error}` with `mention` in the message. */
export function expectError(reply: Reply, status: number, mention = ""): void {
  expect(reply.status, reply.text).toBe(status);
  expect(Object.keys(reply.body).sort()).toEqual(["error", "ok"]);
  expect(reply.body.ok).toBe(false);
  expect(typeof reply.body.error).toBe("string");
  expect(String(reply.body.error)).toContain(mention);
}

/** The worker deliveries QStash made, as distinct message ids. */
export function workerMessageIds(app: TestApp): Set<string> {
  const worker = `${app.url}/api/sync/worker`;
  return new Set(
    app.qstash
      .deliveries()
      .filter((d) => d.url === worker)
      .map((d) => d.messageId),
  );
}

/** Nearest-rank percentile of a list of figures. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** The closing test of every e2e file (issue 4, item 9): no secret in any response seen or any log line. */
export function itLeaksNoSecrets(probe: () => AppProbe): void {
  it("leaks no secret in any response (status, headers, body) or app log line", () => {
    expect(probe().responsesSeen).toBeGreaterThan(0);
    expect(probe().leakedSecrets()).toEqual([]);
  });
}
