import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import { startRecordingDestination, type RecordingDestination } from "../../dev/qstash/recording-destination";
import {
  deleteDeadLetter,
  listDeadLetters,
  retryDeadLetter,
  stepOfBody,
  toDeadLetter,
} from "@/lib/queue/dlq";
import { Queue } from "@/lib/queue/qstash";

// The DLQ module against the QStash emulator, through the official SDK client the Queue holds.

let qstash: QStashEmulator;
let app: RecordingDestination;
let queue: Queue;

function queueOn(url: string, appUrl: string): Queue {
  return new Queue({
    url,
    token: DEV_DEFAULTS.qstashToken,
    currentSigningKey: DEV_DEFAULTS.qstashCurrentSigningKey,
    nextSigningKey: DEV_DEFAULTS.qstashNextSigningKey,
    retries: 0,
    appUrl,
  });
}

beforeAll(async () => {
  qstash = await startQStashEmulator({
    port: 0,
    timeScale: 0.001,
    dataDir: mkdtempSync(join(tmpdir(), "dlq-")),
  });
  app = await startRecordingDestination((request) =>
    request.path.startsWith("/api/sync/worker")
      ? { status: 500, body: JSON.stringify({ ok: false, error: "Step failed and will be retried: boom" }) }
      : { status: 200, body: "ok" },
  );
  queue = queueOn(qstash.url, app.url);
});

afterAll(async () => {
  await qstash?.close();
  await app?.close();
});

describe("dead letters", () => {
  it("lists a failed step with its job, status and response, retries it and deletes it", async () => {
    const messageId = await queue.publishStep({ jobId: "jdlqtest01", step: 3 });
    await qstash.waitForIdle();

    const { items } = await listDeadLetters(queue);
    expect(items).toHaveLength(1);
    const [dead] = items;
    expect(dead).toMatchObject({
      messageId,
      url: `${app.url}/api/sync/worker`,
      method: "POST",
      responseStatus: 500,
      jobId: "jdlqtest01",
      step: 3,
    });
    expect(dead!.responseSnippet).toContain("boom");

    const retriedId = await retryDeadLetter(queue, dead!.dlqId);
    expect(retriedId).not.toBe(messageId);
    await qstash.waitForIdle();
    const again = (await listDeadLetters(queue)).items;
    expect(again.map((d) => d.messageId)).toEqual([retriedId]);
    expect(app.received("/api/sync/worker")).toHaveLength(2);

    await deleteDeadLetter(queue, again[0]!.dlqId);
    expect((await listDeadLetters(queue)).items).toEqual([]);
  });

  it("says which dead letter is gone, and when QStash cannot be reached", async () => {
    await expect(deleteDeadLetter(queue, "dlq_missing")).rejects.toMatchObject({ code: "dlq_not_found" });
    await expect(retryDeadLetter(queue, "dlq_missing")).rejects.toMatchObject({ code: "dlq_not_found" });
    const closed = await startRecordingDestination();
    const nowhere = closed.url;
    await closed.close();
    await expect(listDeadLetters(queueOn(nowhere, app.url))).rejects.toMatchObject({
      code: "dlq_unreachable",
    });
  });

  it("decodes step bodies and trims long responses", () => {
    expect(stepOfBody('{"jobId":"jabc1234","step":2}')).toEqual({ jobId: "jabc1234", step: 2 });
    expect(stepOfBody('{"jobId":"../etc","step":2}')).toEqual({ jobId: null, step: null });
    expect(stepOfBody("not json")).toEqual({ jobId: null, step: null });
    const dead = toDeadLetter({
      dlqId: "d1",
      messageId: "m1",
      url: "https://example.com/api/sync/worker",
      createdAt: 0,
      bodyBase64: Buffer.from('{"jobId":"jabc1234","step":1}').toString("base64"),
      responseBody: "x".repeat(500),
    });
    expect(dead).toMatchObject({ jobId: "jabc1234", step: 1, responseStatus: null, method: "POST" });
    expect(dead.responseSnippet).toHaveLength(201);
  });
});
