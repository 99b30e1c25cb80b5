import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startTestApp, type TestApp } from "../helpers/app";
import { AppProbe, itLeaksNoSecrets, type JobView } from "./app-probe";

/**
 * Issue 4, item 6: a step that fails every attempt ends in QStash's DLQ, and the failure callback marks
 * the job `failed` with the DLQ id and the last error, as the status API shows it.
 */

/** A DLQ entry as the SDK lists it (the SDK does not export the type by name). */
type DlqMessage = Awaited<ReturnType<Client["dlq"]["listMessages"]>>["messages"][number];

let app: TestApp;
let probe: AppProbe;
let qstash: Client;
beforeAll(async () => {
  app = await startTestApp({ env: { SYNC_STEP_BUDGET_MS: "2000", SYNC_LOCK_MARGIN_MS: "300" } });
  probe = new AppProbe(app);
  qstash = new Client({ baseUrl: app.qstash.url, token: DEV_DEFAULTS.qstashToken });
});
afterAll(async () => {
  app.kv.setUnavailable(false);
  await app.close();
});

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The DLQ entry of a message, read through the official SDK. */
async function dlqEntry(messageId: string): Promise<DlqMessage | undefined> {
  const { messages } = await qstash.dlq.listMessages();
  return messages.find((m) => m.messageId === messageId);
}

async function failedWithDlq(jobId: string): Promise<JobView> {
  return until("the failure callback", async () => {
    const job = await probe.job(jobId);
    return job.status === "failed" && job.dlqId ? job : undefined;
  });
}

function attemptsOf(messageId: string) {
  return app.qstash.deliveries().filter((d) => d.messageId === messageId && d.kind === "message");
}

describe("a trigger during a KV outage", () => {
  it("answers 503 naming Redis, without internals, and publishes nothing", async () => {
    const deliveries = app.qstash.deliveries().length;
    app.kv.setUnavailable("503");
    try {
      const reply = await probe.trigger();
      expect(reply.status, reply.text).toBe(503);
      expect(Object.keys(reply.body).sort()).toEqual(["error", "ok", "service"]);
      expect(reply.body).toMatchObject({ ok: false, service: "redis" });
      expect(String(reply.body.error)).toMatch(/^Redis .* unreachable/);
      expect(reply.headers.get("retry-after")).toBe("30");
    } finally {
      app.kv.setUnavailable(false);
    }
    await app.qstash.waitForIdle();
    expect(app.qstash.deliveries()).toHaveLength(deliveries);
    expect((await qstash.logs()).logs).toEqual([]);
  });
});

describe("steps that can never succeed", () => {
  it("a revoked Notion token: the worker answers 489 at once → DLQ → job failed with the DLQ id", async () => {
    app.notion.workspace.revokeToken();
    try {
      const reply = await probe.trigger();
      expect(reply.status, reply.text).toBe(202);
      const messageId = String(reply.body.messageId);
      const job = await failedWithDlq(String(reply.body.jobId));

      const entry = await until("the DLQ entry", () => dlqEntry(messageId));
      expect(job.dlqId).toBe(entry.dlqId);
      expect(entry.responseStatus).toBe(489);
      expect(JSON.parse(entry.body ?? "{}")).toEqual({ jobId: job.id, step: 1 });
      // Non-retryable: one attempt, no QStash retries.
      expect(attemptsOf(messageId)).toHaveLength(1);
      expect(job.lastError).toContain("Notion refused the token (401");
      expect(job.steps).toMatchObject([{ step: 1, outcome: "failed" }]);
      expect(job.finishedAt).toEqual(expect.any(String));
    } finally {
      app.notion.workspace.setToken(DEV_DEFAULTS.notionToken);
    }
  });

  it("a KV outage through every attempt: 5xx each time → retries exhausted → DLQ → job failed", async () => {
    // Slow Notion answers (2 s a call): the first attempt is still inside its step when the cache goes
    // away, however loaded the machine.
    app.notion.setLatency(2_000);
    const reply = await probe.trigger();
    expect(reply.status, reply.text).toBe(202);
    app.kv.setUnavailable("503");
    const messageId = String(reply.body.messageId);
    let entry: DlqMessage;
    try {
      entry = await until("the DLQ entry", () => dlqEntry(messageId));
    } finally {
      // The cache comes back so the failure callback (retried by QStash) can record the outcome.
      app.kv.setUnavailable(false);
      app.notion.setLatency(0);
    }
    const attempts = attemptsOf(messageId);
    expect(attempts.map((a) => a.retried)).toEqual([0, 1, 2, 3]);
    expect(attempts.every((a) => a.status !== null && a.status >= 500)).toBe(true);
    expect(entry.responseStatus).toBeGreaterThanOrEqual(500);

    const job = await failedWithDlq(String(reply.body.jobId));
    expect(job.dlqId).toBe(entry.dlqId);
    expect(job.lastError).toContain(`DLQ ${entry.dlqId}`);
    expect(job.lastError).toMatch(/Worker answered 5\d\d/);
    expect(job.finishedAt).toEqual(expect.any(String));

    // The active slot is free again: the next trigger starts a new job that completes.
    const next = await probe.trigger();
    expect(next.status).toBe(202);
    expect(next.body.jobId).not.toBe(job.id);
    expect(next.body.coalesced).toBeUndefined();
    expect((await probe.finished(String(next.body.jobId))).status).toBe("completed");
  });
});

itLeaksNoSecrets(() => probe);
