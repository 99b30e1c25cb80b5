/**
 * QStash emulator behaviours the upstream qstash-js suite found missing, checked through the
 * official SDK: `count` on a bulk cancel, unknown bulk filters refused with a 400, flow-control
 * limits reported back, and the logs filtered by destination host and path.
 */
import { Client, QstashError } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import { startRecordingDestination, type RecordingDestination } from "../../dev/qstash/recording-destination";

let emulator: QStashEmulator;
let destination: RecordingDestination;
let client: Client;
let counter = 0;
const unique = (name: string) => `${name}-${process.pid}-${++counter}`;

beforeAll(async () => {
  emulator = await startQStashEmulator({ port: 0, timeScale: 0.001 });
  destination = await startRecordingDestination((request) => ({
    status: request.path.startsWith("/fail/") ? 500 : 200,
  }));
  client = new Client({ baseUrl: emulator.url, token: emulator.token });
});

afterAll(async () => {
  await emulator.close();
  await destination.close();
});

/** A message that stays pending for the whole test (a one-day delay, even time-compressed). */
const publishPending = (label: string) =>
  client.publishJSON({ url: destination.urlFor(`/pending/${label}`), body: {}, delay: "1d", label });

/** Polls until the emulator reaches a state (pending one-day messages keep it from ever idling). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** QStash's refusal: a 400 whose message names the offending filter. */
async function expectRefusal(request: Promise<unknown>, naming: string): Promise<void> {
  const error = await request.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(QstashError);
  expect((error as QstashError).status).toBe(400);
  expect((error as QstashError).message).toContain(naming);
}

/** The SDK's filters are typed; these casts send what a typo or an older script would send. */
type DlqDeleteRequest = Parameters<Client["dlq"]["delete"]>[0];
type CancelRequest = Parameters<Client["messages"]["cancel"]>[0];

describe("bulk cancel", () => {
  it("honours count: cancel({ all: true, count: 1 }) cancels exactly one message", async () => {
    const label = unique("count");
    const first = await publishPending(label);
    const second = await publishPending(label);
    expect(await client.messages.cancel({ all: true, count: 1 })).toEqual({ cancelled: 1 });
    // The oldest goes first; the other one is still waiting.
    await expect(client.messages.get(first.messageId)).rejects.toThrow(/not found/);
    expect((await client.messages.get(second.messageId)).messageId).toBe(second.messageId);
    expect(await client.messages.cancel({ filter: { label } })).toEqual({ cancelled: 1 });
  });

  it("refuses an unknown filter with a 400 and cancels nothing", async () => {
    const label = unique("typo");
    const pending = await publishPending(label);
    const refused = client.messages.cancel({ filter: { labeel: label } } as unknown as CancelRequest);
    await expectRefusal(refused, "labeel");
    expect((await client.messages.get(pending.messageId)).messageId).toBe(pending.messageId);
    await client.messages.cancel(pending.messageId);
  });

  it("cancels by destination host and path", async () => {
    const label = unique("where");
    const here = await publishPending(label);
    const path = new URL(destination.urlFor(`/pending/${label}`)).pathname;
    expect(await client.messages.cancel({ filter: { label, path: "/elsewhere" } })).toEqual({ cancelled: 0 });
    expect(await client.messages.cancel({ filter: { label, host: "127.0.0.1", path } })).toEqual({
      cancelled: 1,
    });
    await expect(client.messages.get(here.messageId)).rejects.toThrow(/not found/);
  });
});

describe("DLQ filters", () => {
  it("refuses an unknown filter key (and host/path, which the DLQ lacks) and deletes nothing", async () => {
    const label = unique("dead");
    await client.publishJSON({ url: destination.urlFor(`/fail/${label}`), body: {}, retries: 0, label });
    const before = await until(
      () => client.dlq.listMessages({ filter: { label } }),
      (page) => page.messages.length > 0,
    );
    expect(before.messages).toHaveLength(1);

    const typo = client.dlq.delete({ filter: { labeel: label } } as unknown as DlqDeleteRequest);
    await expectRefusal(typo, "labeel");
    const byHost = client.dlq.delete({ filter: { host: "127.0.0.1" } } as unknown as DlqDeleteRequest);
    await expectRefusal(byHost, "host");

    expect((await client.dlq.listMessages({ filter: { label } })).messages).toHaveLength(1);
    expect(await client.dlq.delete({ filter: { label } })).toMatchObject({ deleted: 1 });
  });
});

describe("flow control", () => {
  const flowControl = (key: string) => ({ key, parallelism: 2, rate: 10, period: "1m" as const });

  it("reports the key and limits in messages.get", async () => {
    const key = unique("flow");
    const { messageId } = await client.publishJSON({
      url: destination.urlFor("/pending/flow"),
      body: {},
      delay: "1d",
      flowControl: flowControl(key),
    });
    expect(await client.messages.get(messageId)).toMatchObject({
      flowControlKey: key,
      parallelism: 2,
      rate: 10,
      period: 60,
    });
    await client.messages.cancel(messageId);
  });

  it("reports them in DLQ entries", async () => {
    const key = unique("flow-dlq");
    await client.publishJSON({
      url: destination.urlFor(`/fail/${key}`),
      body: {},
      retries: 0,
      flowControl: { key, rate: 5 },
    });
    const { messages } = await until(
      () => client.dlq.listMessages({ filter: { flowControlKey: key } }),
      (page) => page.messages.length > 0,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ flowControlKey: key, rate: 5, period: 1 });
    expect(messages[0]?.parallelism).toBeUndefined();
    await client.dlq.delete(messages[0]!.dlqId);
  });

  it("reports them in schedules.get", async () => {
    const key = unique("flow-schedule");
    const { scheduleId } = await client.schedules.create({
      destination: destination.urlFor("/pending/scheduled"),
      cron: "0 0 1 1 *",
      flowControl: { key, parallelism: 3 },
    });
    expect(await client.schedules.get(scheduleId)).toMatchObject({ flowControlKey: key, parallelism: 3 });
    await client.schedules.delete(scheduleId);
  });

  it("refuses a flow-control value it cannot read", async () => {
    const refused = client.publishJSON({
      url: destination.urlFor("/pending/bad-flow"),
      body: {},
      headers: { "Upstash-Flow-Control-Key": "k", "Upstash-Flow-Control-Value": "burst=3" },
    });
    await expect(refused).rejects.toMatchObject({ status: 400 });
  });
});

describe("logs", () => {
  it("filters by destination host and path, and refuses unknown filters", async () => {
    const label = unique("logged");
    const url = new URL(destination.urlFor(`/logged/${label}`));
    const other = new URL(destination.urlFor(`/other/${label}`));
    other.hostname = "localhost";
    await client.publishJSON({ url: url.toString(), body: {}, label });
    await client.publishJSON({ url: other.toString(), body: {}, label });
    await until(
      () => client.logs({ filter: { label, state: "DELIVERED" } }),
      (page) => page.logs.length === 2,
    );

    const byPath = await client.logs({ filter: { label, path: url.pathname } });
    expect(byPath.logs.length).toBeGreaterThan(0);
    expect(byPath.logs.every((log) => log.url === url.toString())).toBe(true);
    const byHost = await client.logs({ filter: { label, host: "localhost" } });
    expect(byHost.logs.length).toBeGreaterThan(0);
    expect(byHost.logs.every((log) => log.url === other.toString())).toBe(true);
    expect((await client.logs({ filter: { label, host: url.host, state: "DELIVERED" } })).logs).toHaveLength(
      1,
    );

    const typo = client.logs({ filter: { lable: label } } as unknown as Parameters<Client["logs"]>[0]);
    await expectRefusal(typo, "lable");
  });
});
