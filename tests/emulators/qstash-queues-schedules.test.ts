import { Client, QstashError, Receiver } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import {
  startRecordingDestination,
  type RecordedRequest,
  type RecordingDestination,
  type Reply,
} from "../../dev/qstash/recording-destination";

// Queues, schedules and logs, driven only through the official SDK.
let emulator: QStashEmulator;
let destination: RecordingDestination;
let client: Client;
let counter = 0;
const unique = (name: string) => `${name}-${process.pid}-${++counter}`;

/** Requests under /slow/ are held 100 ms; the peak number held at once is recorded per path. */
const holding = new Map<string, { now: number; peak: number }>();

async function respond(request: RecordedRequest): Promise<Reply> {
  if (!request.path.startsWith("/slow/")) return { status: 200 };
  const stats = holding.get(request.path) ?? { now: 0, peak: 0 };
  holding.set(request.path, stats);
  stats.now += 1;
  stats.peak = Math.max(stats.peak, stats.now);
  await new Promise((resolve) => setTimeout(resolve, 100));
  stats.now -= 1;
  return { status: 200 };
}

const bodyIndex = (request: RecordedRequest) =>
  (JSON.parse(request.body.toString()) as { index: number }).index;

beforeAll(async () => {
  emulator = await startQStashEmulator({ port: 0, timeScale: 0.001, cronClock: "manual" });
  destination = await startRecordingDestination(respond);
  client = new Client({ baseUrl: emulator.url, token: emulator.token });
});

afterAll(async () => {
  await emulator.close();
  await destination.close();
});

describe("queues", () => {
  it("never has more than `parallelism` messages in flight, and uses that many", async () => {
    const queue = client.queue({ queueName: unique("parallel") });
    await queue.upsert({ parallelism: 2 });
    const path = `/slow/${unique("q")}`;
    for (let index = 0; index < 8; index++) {
      await queue.enqueueJSON({ url: destination.urlFor(path), body: { index } });
    }
    await emulator.waitForIdle();
    expect(destination.received(path)).toHaveLength(8);
    expect(holding.get(path)?.peak).toBe(2);
    expect(await queue.get()).toMatchObject({ parallelism: 2, lag: 0, paused: false });
  });

  it("delivers a parallelism-1 queue in FIFO order", async () => {
    const queue = client.queue({ queueName: unique("fifo") });
    await queue.upsert({ parallelism: 1 });
    const path = `/slow/${unique("fifo")}`;
    for (let index = 0; index < 5; index++) {
      await queue.enqueueJSON({ url: destination.urlFor(path), body: { index } });
    }
    await emulator.waitForIdle();
    expect(destination.received(path).map(bodyIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(holding.get(path)?.peak).toBe(1);
  });

  it("holds messages while paused and delivers them on resume", async () => {
    const queue = client.queue({ queueName: unique("paused") });
    await queue.upsert({ parallelism: 1, paused: true });
    const path = `/${unique("paused")}`;
    await queue.enqueueJSON({ url: destination.urlFor(path), body: { index: 0 } });
    expect(await queue.get()).toMatchObject({ paused: true, lag: 1 });
    await expect(emulator.waitForIdle({ timeoutMs: 200 })).rejects.toThrow(/pending/);
    expect(destination.received(path)).toHaveLength(0);

    await queue.resume();
    await emulator.waitForIdle();
    expect(destination.received(path)).toHaveLength(1);
  });

  it("lists and deletes queues", async () => {
    const name = unique("listed");
    await client.queue({ queueName: name }).upsert({ parallelism: 3 });
    const names = (await client.queue().list()).map((queue) => queue.name);
    expect(names).toContain(name);
    await client.queue({ queueName: name }).delete();
    await expect(client.queue({ queueName: name }).get()).rejects.toThrow(QstashError);
  });
});

describe("schedules", () => {
  it("creates, lists, gets and deletes a schedule", async () => {
    const createdAt = Date.now();
    const { scheduleId } = await client.schedules.create({
      destination: destination.urlFor(`/${unique("sched")}`),
      cron: "*/5 * * * *",
      body: JSON.stringify({ hello: "cron" }),
      retries: 2,
    });
    const schedule = await client.schedules.get(scheduleId);
    expect(schedule).toMatchObject({ scheduleId, cron: "*/5 * * * *", retries: 2, isPaused: false });
    expect(JSON.parse(schedule.body!)).toEqual({ hello: "cron" });
    const next = new Date(schedule.nextScheduleTime!);
    // After its creation (not after now: a five-minute mark may pass while the test runs).
    expect(next.getTime()).toBeGreaterThan(createdAt);
    expect([next.getUTCMinutes() % 5, next.getUTCSeconds()]).toEqual([0, 0]);
    expect((await client.schedules.list()).map((item) => item.scheduleId)).toContain(scheduleId);

    await client.schedules.delete(scheduleId);
    await expect(client.schedules.get(scheduleId)).rejects.toThrow(QstashError);
  });

  it("upserts by scheduleId", async () => {
    const scheduleId = unique("upsert");
    const destinationUrl = destination.urlFor(`/${scheduleId}`);
    await client.schedules.create({ scheduleId, destination: destinationUrl, cron: "0 * * * *" });
    await client.schedules.create({ scheduleId, destination: destinationUrl, cron: "30 2 * * *" });
    const matching = (await client.schedules.list()).filter((item) => item.scheduleId === scheduleId);
    expect(matching.map((item) => item.cron)).toEqual(["30 2 * * *"]);
    await client.schedules.delete(scheduleId);
  });

  it("computes CRON_TZ schedules in that zone", async () => {
    const { scheduleId } = await client.schedules.create({
      destination: destination.urlFor(`/${unique("tz")}`),
      cron: "CRON_TZ=America/New_York 0 4 * * *",
    });
    const { nextScheduleTime } = await client.schedules.get(scheduleId);
    const local = new Intl.DateTimeFormat("en-GB", {
      timeZone: "America/New_York",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(new Date(nextScheduleTime!));
    expect(local).toBe("04:00");
    await client.schedules.delete(scheduleId);
  });

  it("rejects an invalid cron with 400", async () => {
    const error = await client.schedules
      .create({ destination: destination.urlFor("/bad-cron"), cron: "every minute" })
      .catch((e: unknown) => e);
    expect((error as QstashError).status).toBe(400);
  });

  it("fires by publishing a signed message carrying Upstash-Schedule-Id", async () => {
    const path = `/${unique("fire")}`;
    const { scheduleId } = await client.schedules.create({
      destination: destination.urlFor(path),
      cron: "* * * * *",
      body: JSON.stringify({ from: "schedule" }),
      headers: { "Content-Type": "application/json", "X-Extra": "yes" },
    });
    const { nextScheduleTime } = await client.schedules.get(scheduleId);
    const [messageId] = emulator.tick(new Date(nextScheduleTime!));
    const [request] = await destination.waitFor(1, { pathPrefix: path });
    await emulator.waitForIdle();

    expect(request!.headers["upstash-schedule-id"]).toBe(scheduleId);
    expect(request!.headers["upstash-message-id"]).toBe(messageId);
    expect(request!.headers["x-extra"]).toBe("yes");
    expect(JSON.parse(request!.body.toString())).toEqual({ from: "schedule" });
    const receiver = new Receiver({
      currentSigningKey: emulator.currentSigningKey,
      nextSigningKey: emulator.nextSigningKey,
    });
    await expect(
      receiver.verify({
        signature: String(request!.headers["upstash-signature"]),
        body: request!.body.toString(),
        url: destination.urlFor(path),
      }),
    ).resolves.toBe(true);

    const after = await client.schedules.get(scheduleId);
    expect(after.lastScheduleTime).toBe(nextScheduleTime);
    expect(after.lastScheduleStates).toEqual({ [messageId!]: "SUCCESS" });
    expect(after.nextScheduleTime).toBe(nextScheduleTime! + 60_000);
    await client.schedules.delete(scheduleId);
  });

  it("does not fire while paused, and fires again after resume", async () => {
    const path = `/${unique("pause")}`;
    const { scheduleId } = await client.schedules.create({
      destination: destination.urlFor(path),
      cron: "* * * * *",
    });
    await client.schedules.pause({ schedule: scheduleId });
    expect((await client.schedules.get(scheduleId)).isPaused).toBe(true);
    // Other tests' schedules may be due in that hour; nothing may reach this paused one's destination.
    emulator.tick(new Date(Date.now() + 3_600_000));
    await emulator.waitForIdle();
    expect(destination.received(path)).toEqual([]);

    await client.schedules.resume({ schedule: scheduleId });
    const { isPaused, nextScheduleTime } = await client.schedules.get(scheduleId);
    expect(isPaused).toBe(false);
    expect(emulator.tick(new Date(nextScheduleTime!))).toHaveLength(1);
    await destination.waitFor(1, { pathPrefix: path });
    await client.schedules.delete(scheduleId);
  });
});

describe("logs", () => {
  it("pages events newest first with a cursor", async () => {
    const path = `/${unique("logs")}`;
    for (let index = 0; index < 3; index++) {
      await client.publishJSON({ url: destination.urlFor(path), body: { index } });
    }
    await emulator.waitForIdle();
    const first = await client.logs({ count: 4 });
    expect(first.logs).toHaveLength(4);
    expect(first.cursor).toBeTruthy();
    const second = await client.logs({ count: 4, cursor: first.cursor });
    const times = [...first.logs, ...second.logs].map((log) => log.time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(first.logs[0]!.state).toBe("DELIVERED");
    const delivered = await client.logs({ filter: { state: "DELIVERED", url: destination.urlFor(path) } });
    expect(delivered.logs).toHaveLength(3);
  });
});
