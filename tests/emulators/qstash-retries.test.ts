import { Client, Receiver } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import {
  startRecordingDestination,
  type RecordedRequest,
  type RecordingDestination,
  type Reply,
} from "../../dev/qstash/recording-destination";

// Retries, the DLQ and callbacks, driven only through the official SDK.
const TIME_SCALE = 0.0001;
let emulator: QStashEmulator;
let destination: RecordingDestination;
let client: Client;
let receiver: Receiver;
let counter = 0;
const uniquePath = (name: string) => `/retry-${name}-${++counter}`;

/** Path prefix → how the destination answers (by attempt number, 0 first). */
const behaviours = new Map<string, (attempt: number) => Reply>();

function respond(request: RecordedRequest, seen: RecordedRequest[]): Reply {
  for (const [prefix, behaviour] of behaviours) {
    if (!request.path.startsWith(prefix)) continue;
    const attempt = seen.filter((other) => other.path === request.path).length - 1;
    return behaviour(attempt);
  }
  return { status: 200, body: "ok" };
}

const retriedHeaders = (requests: RecordedRequest[]) => requests.map((r) => r.headers["upstash-retried"]);

beforeAll(async () => {
  emulator = await startQStashEmulator({ port: 0, timeScale: TIME_SCALE });
  destination = await startRecordingDestination(respond);
  client = new Client({ baseUrl: emulator.url, token: emulator.token });
  receiver = new Receiver({
    currentSigningKey: emulator.currentSigningKey,
    nextSigningKey: emulator.nextSigningKey,
  });
});

afterAll(async () => {
  await emulator.close();
  await destination.close();
});

describe("retries", () => {
  it("retries a failing destination with QStash's backoff, then dead-letters it", async () => {
    const path = uniquePath("exhaust");
    behaviours.set(path, () => ({ status: 500, body: "boom", headers: { "X-Reason": "broken" } }));
    const { messageId } = await client.publishJSON({ url: destination.urlFor(path), body: { n: 1 } });
    await emulator.waitForIdle();

    expect(retriedHeaders(destination.received(path))).toEqual(["0", "1", "2", "3"]);

    const { logs } = await client.logs({ messageIds: [messageId] });
    const states = new Set(logs.map((log) => log.state));
    for (const state of ["CREATED", "ACTIVE", "ERROR", "RETRY", "FAILED"]) expect(states).toContain(state);
    const waits = logs
      .filter((log) => log.state === "RETRY")
      .sort((a, b) => a.time - b.time)
      .map((log) => log.nextDeliveryTime! - log.time);
    const expected = [1, 2, 3].map((n) => Math.min(86_400, Math.exp(2.5 * n)) * 1000 * TIME_SCALE);
    expect(waits).toHaveLength(3);
    waits.forEach((wait, index) => expect(Math.abs(wait - expected[index]!)).toBeLessThanOrEqual(1));

    const { messages } = await client.dlq.listMessages({ filter: { url: destination.urlFor(path) } });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      messageId,
      url: destination.urlFor(path),
      responseStatus: 500,
      responseBody: "boom",
      maxRetries: 3,
    });
    expect(messages[0]!.responseHeader?.["X-Reason"]).toEqual(["broken"]);
    expect(messages[0]!.dlqId).toBeTruthy();
  });

  it("honours Upstash-Retries", async () => {
    const path = uniquePath("one-retry");
    behaviours.set(path, () => ({ status: 503 }));
    await client.publishJSON({ url: destination.urlFor(path), body: {}, retries: 1 });
    await emulator.waitForIdle();
    expect(retriedHeaders(destination.received(path))).toEqual(["0", "1"]);
  });

  it("uses an Upstash-Retry-Delay expression instead of the default backoff", async () => {
    const path = uniquePath("retry-delay");
    behaviours.set(path, () => ({ status: 500 }));
    const { messageId } = await client.publishJSON({
      url: destination.urlFor(path),
      body: {},
      retries: 2,
      retryDelay: "max(50000, 100000 * (1 + retried))",
    });
    await emulator.waitForIdle();
    const { logs } = await client.logs({ messageIds: [messageId] });
    const waits = logs
      .filter((log) => log.state === "RETRY")
      .sort((a, b) => a.time - b.time)
      .map((log) => log.nextDeliveryTime! - log.time);
    expect(waits).toHaveLength(2);
    [100_000, 200_000].forEach((ms, index) =>
      expect(Math.abs(waits[index]! - ms * TIME_SCALE)).toBeLessThanOrEqual(1),
    );
  });

  it("succeeds on a later attempt and stops retrying", async () => {
    const path = uniquePath("recover");
    behaviours.set(path, (attempt) => ({ status: attempt < 2 ? 500 : 200 }));
    await client.publishJSON({ url: destination.urlFor(path), body: {} });
    await emulator.waitForIdle();
    expect(retriedHeaders(destination.received(path))).toEqual(["0", "1", "2"]);
    const { messages } = await client.dlq.listMessages({ filter: { url: destination.urlFor(path) } });
    expect(messages).toHaveLength(0);
  });

  it("waits as long as the destination's Retry-After asks (time-compressed)", async () => {
    const path = uniquePath("retry-after");
    behaviours.set(path, (attempt) =>
      attempt === 0 ? { status: 429, headers: { "Retry-After": "3000" } } : {},
    );
    const { messageId } = await client.publishJSON({ url: destination.urlFor(path), body: {} });
    await emulator.waitForIdle();
    expect(destination.received(path)).toHaveLength(2);
    const { logs } = await client.logs({ messageIds: [messageId] });
    const retries = logs.filter((log) => log.state === "RETRY");
    expect(retries).toHaveLength(1);
    const wait = retries[0]!.nextDeliveryTime! - retries[0]!.time;
    expect(Math.abs(wait - 3000 * 1000 * TIME_SCALE)).toBeLessThanOrEqual(1);
  });

  it("sends 489 + Upstash-NonRetryable-Error straight to the DLQ", async () => {
    const path = uniquePath("non-retryable");
    behaviours.set(path, () => ({
      status: 489,
      headers: { "Upstash-NonRetryable-Error": "true" },
      body: "never",
    }));
    const { messageId } = await client.publishJSON({ url: destination.urlFor(path), body: {} });
    await emulator.waitForIdle();
    expect(destination.received(path)).toHaveLength(1);
    const { messages } = await client.dlq.listMessages({ filter: { url: destination.urlFor(path) } });
    expect(messages.map((message) => [message.messageId, message.responseStatus])).toEqual([
      [messageId, 489],
    ]);
  });

  it("fails an attempt slower than Upstash-Timeout and retries it", async () => {
    const path = uniquePath("timeout");
    behaviours.set(path, (attempt) => (attempt === 0 ? { status: 200, delayMs: 1500 } : { status: 200 }));
    const { messageId } = await client.publishJSON({ url: destination.urlFor(path), body: {}, timeout: 1 });
    await emulator.waitForIdle();
    expect(retriedHeaders(destination.received(path))).toEqual(["0", "1"]);
    const attempts = emulator.deliveries().filter((delivery) => delivery.messageId === messageId);
    expect(attempts.map((attempt) => attempt.status)).toEqual([null, 200]);
    expect(attempts[0]!.error).toMatch(/timed out/);
  });
});

describe("callbacks", () => {
  const decode = (request: RecordedRequest) =>
    JSON.parse(request.body.toString("utf8")) as Record<string, unknown>;

  it("posts a signed report of a successful delivery to the callback", async () => {
    const path = uniquePath("cb-ok");
    behaviours.set(`${path}/target`, () => ({
      status: 201,
      body: "created!",
      headers: { "X-Answer": "42" },
    }));
    const callbackUrl = destination.urlFor(`${path}-callback`);
    const failureUrl = destination.urlFor(`${path}-failure`);
    const { messageId } = await client.publishJSON({
      url: destination.urlFor(`${path}/target`),
      body: { work: "x" },
      headers: { "X-Source": "s" },
      callback: callbackUrl,
      failureCallback: failureUrl,
    });
    const [callback] = await destination.waitFor(1, { pathPrefix: `${path}-callback` });
    await emulator.waitForIdle();
    expect(destination.received(`${path}-failure`)).toHaveLength(0);

    const raw = callback!.body.toString("utf8");
    await expect(
      receiver.verify({
        signature: String(callback!.headers["upstash-signature"]),
        body: raw,
        url: callbackUrl,
      }),
    ).resolves.toBe(true);
    expect(callback!.headers["content-type"]).toBe("application/json");
    const report = decode(callback!);
    expect(report).toMatchObject({
      status: 201,
      retried: 0,
      maxRetries: 3,
      sourceMessageId: messageId,
      url: destination.urlFor(`${path}/target`),
      method: "POST",
    });
    expect(Buffer.from(String(report.body), "base64").toString()).toBe("created!");
    expect(JSON.parse(Buffer.from(String(report.sourceBody), "base64").toString())).toEqual({ work: "x" });
    expect((report.header as Record<string, string[]>)["X-Answer"]).toEqual(["42"]);
    expect((report.sourceHeader as Record<string, string[]>)["X-Source"]).toEqual(["s"]);
    expect(report).toHaveProperty("createdAt");
    expect(report).toHaveProperty("notBefore");
    expect(report).toHaveProperty("callerIP");
  });

  it("reports every failed attempt to the callback and the final failure, with its dlqId, to the failure callback", async () => {
    const path = uniquePath("cb-fail");
    behaviours.set(`${path}/target`, () => ({ status: 500, body: "nope" }));
    const failureUrl = destination.urlFor(`${path}-failure`);
    const { messageId } = await client.publishJSON({
      url: destination.urlFor(`${path}/target`),
      body: {},
      retries: 1,
      callback: destination.urlFor(`${path}-callback`),
      failureCallback: failureUrl,
    });
    await emulator.waitForIdle();

    const callbacks = destination.received(`${path}-callback`).map(decode);
    expect(callbacks.map((report) => [report.status, report.retried])).toEqual([
      [500, 0],
      [500, 1],
    ]);
    const failures = destination.received(`${path}-failure`);
    expect(failures).toHaveLength(1);
    await expect(
      receiver.verify({
        signature: String(failures[0]!.headers["upstash-signature"]),
        body: failures[0]!.body.toString("utf8"),
        url: failureUrl,
      }),
    ).resolves.toBe(true);
    const report = decode(failures[0]!);
    expect(report).toMatchObject({ status: 500, sourceMessageId: messageId, retried: 1, maxRetries: 1 });
    const { messages } = await client.dlq.listMessages({
      filter: { url: destination.urlFor(`${path}/target`) },
    });
    expect(report.dlqId).toBe(messages[0]!.dlqId);
  });

  it("retries a failing callback delivery", async () => {
    const path = uniquePath("cb-retry");
    behaviours.set(`${path}-callback`, (attempt) => ({ status: attempt === 0 ? 500 : 200 }));
    await client.publishJSON({
      url: destination.urlFor(`${path}/target`),
      body: {},
      callback: destination.urlFor(`${path}-callback`),
    });
    await emulator.waitForIdle();
    expect(retriedHeaders(destination.received(`${path}-callback`))).toEqual(["0", "1"]);
  });
});

describe("dead letter queue", () => {
  const path = uniquePath("dlq");
  let failing = true;
  let dlqIds: string[] = [];

  beforeAll(async () => {
    behaviours.set(path, () => ({ status: failing ? 500 : 200 }));
    for (let index = 0; index < 5; index++) {
      await client.publishJSON({ url: destination.urlFor(path), body: { index }, retries: 0 });
    }
    await emulator.waitForIdle();
  });

  it("lists failed messages page by page with a cursor", async () => {
    const pages: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.dlq.listMessages({
        count: 2,
        cursor,
        filter: { url: destination.urlFor(path) },
      });
      pages.push(page.messages.length);
      dlqIds.push(...page.messages.map((message) => message.dlqId));
      cursor = page.cursor;
    } while (cursor && pages.length < 10);
    expect(pages).toEqual([2, 2, 1]);
    expect(new Set(dlqIds).size).toBe(5);
  });

  it("deletes one entry or several", async () => {
    await expect(client.dlq.delete(dlqIds[0]!)).resolves.toEqual({ deleted: 1 });
    await expect(client.dlq.delete([dlqIds[1]!, dlqIds[2]!])).resolves.toMatchObject({ deleted: 2 });
    const { messages } = await client.dlq.listMessages({ filter: { url: destination.urlFor(path) } });
    expect(messages.map((message) => message.dlqId).sort()).toEqual([dlqIds[3], dlqIds[4]].sort());
    dlqIds = dlqIds.slice(3);
  });

  it("retry redelivers a dead-lettered message and removes it from the DLQ", async () => {
    failing = false;
    const before = destination.received(path).length;
    const result = await client.dlq.retry(dlqIds[0]!);
    expect(result.responses).toHaveLength(1);
    await emulator.waitForIdle();
    const after = destination.received(path);
    expect(after).toHaveLength(before + 1);
    expect(after[after.length - 1]!.headers["upstash-message-id"]).toBe(result.responses[0]!.messageId);
    const { messages } = await client.dlq.listMessages({ filter: { url: destination.urlFor(path) } });
    expect(messages.map((message) => message.dlqId)).toEqual([dlqIds[1]]);
  });
});
