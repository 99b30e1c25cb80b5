import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import {
  startRecordingDestination,
  type RecordedRequest,
  type RecordingDestination,
  type Reply,
} from "../../dev/qstash/recording-destination";

// State survives close() + start with the same dataDir; driven only through the official SDK.
let dataDir: string;
let destination: RecordingDestination;
const running: QStashEmulator[] = [];

function respond(request: RecordedRequest, seen: RecordedRequest[]): Reply {
  if (request.path === "/fails") return { status: 500 };
  // The first attempt at /held never gets an answer before the emulator closes.
  if (request.path === "/held" && seen.filter((other) => other.path === "/held").length === 1) {
    return { status: 200, delayMs: 20_000 };
  }
  return { status: 200 };
}

async function start(): Promise<{ emulator: QStashEmulator; client: Client }> {
  const emulator = await startQStashEmulator({ port: 0, timeScale: 0.001, dataDir });
  running.push(emulator);
  return { emulator, client: new Client({ baseUrl: emulator.url, token: emulator.token }) };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "qstash-emulator-"));
  destination = await startRecordingDestination(respond);
});

afterAll(async () => {
  for (const emulator of running) await emulator.close();
  await destination.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("persistence", () => {
  let delayedId: string;
  let dedupMessageId: string;
  let scheduleId: string;

  beforeAll(async () => {
    const { emulator, client } = await start();
    await client.publishJSON({ url: destination.urlFor("/fails"), body: {}, retries: 0 });
    dedupMessageId = (
      await client.publishJSON({
        url: destination.urlFor("/dedup"),
        body: {},
        deduplicationId: "persisted-dedup",
      })
    ).messageId;
    await emulator.waitForIdle();

    ({ scheduleId } = await client.schedules.create({
      destination: destination.urlFor("/scheduled"),
      cron: "15 3 * * *",
      scheduleId: "persisted-schedule",
    }));
    await client.queue({ queueName: "persisted-queue" }).upsert({ parallelism: 3 });
    delayedId = (
      await client.publishJSON({ url: destination.urlFor("/delayed"), body: { late: true }, delay: 1500 })
    ).messageId;
    await client.publishJSON({ url: destination.urlFor("/held"), body: {} });
    await destination.waitFor(1, { pathPrefix: "/held" });
    await emulator.close();
  });

  it("writes its state to <dataDir>/qstash.json", () => {
    expect(existsSync(join(dataDir, "qstash.json"))).toBe(true);
    expect(destination.received("/delayed")).toHaveLength(0);
  });

  it("restores pending messages, the DLQ, schedules, queues and dedup ids, and delivers what was pending", async () => {
    const { emulator, client } = await start();

    expect((await client.messages.get(delayedId)).url).toBe(destination.urlFor("/delayed"));
    const { messages } = await client.dlq.listMessages();
    expect(messages.map((message) => [message.url, message.responseStatus])).toEqual([
      [destination.urlFor("/fails"), 500],
    ]);
    expect(await client.schedules.get(scheduleId)).toMatchObject({ cron: "15 3 * * *", isPaused: false });
    expect(await client.queue({ queueName: "persisted-queue" }).get()).toMatchObject({ parallelism: 3 });
    const duplicate = await client.publishJSON({
      url: destination.urlFor("/dedup"),
      body: {},
      deduplicationId: "persisted-dedup",
    });
    expect(duplicate).toMatchObject({ messageId: dedupMessageId, deduplicated: true });

    await emulator.waitForIdle();
    const delayed = destination.received("/delayed");
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.headers["upstash-message-id"]).toBe(delayedId);
    expect(JSON.parse(delayed[0]!.body.toString())).toEqual({ late: true });
    expect(destination.received("/dedup")).toHaveLength(1);
  });

  it("redelivers a message whose attempt was cut short by close() (at-least-once)", () => {
    const held = destination.received("/held");
    expect(held).toHaveLength(2);
    expect(held[0]!.headers["upstash-message-id"]).toBe(held[1]!.headers["upstash-message-id"]);
  });
});
