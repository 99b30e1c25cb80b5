import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { handleCallback } from "@/lib/http/callback";
import { handleJobTrigger } from "@/lib/http/job-trigger";
import { handleWorker } from "@/lib/http/worker";
import { runSchedulesCommand } from "@/lib/cli/schedules-command";
import { defineJob } from "@/lib/jobs/define";
import type { JobRuntime } from "@/lib/jobs/runtime";
import type { JobRecord } from "@/lib/jobs/types";
import { Queue } from "@/lib/queue/qstash";
import { takeDelivery } from "@/lib/store/delivery-dedup";
import { listJobs } from "@/lib/store/jobs";
import { serveHandler, type ServedHandler } from "../helpers/serve-handler";
import { startJobHarness, type JobHarness } from "./job-harness";

/**
 * `POST /api/jobs/{type}/trigger` for a job type defined only here: started with the secret, with a
 * QStash signature for that exact URL, and by a schedule `npm run schedules -- --job` created, each
 * running through QStash and the worker to `completed`. The trigger, worker and callback are served
 * from one origin, which is the queue's APP_URL, as in the app.
 */
const stamp = defineJob({
  type: "stamp",
  params: z.object({
    count: z.number({ message: "must be a number of stamps, like 3" }).int().min(1).max(50),
    label: z.string().max(20).default("a"),
  }),
  start: (params) => Promise.resolve({ done: 0, count: params.count }),
  step: (state) => Promise.resolve({ state: { ...state, done: state.count }, done: true }),
  describe: (state) => ({ phase: "stamping", done: state.done, total: state.count, counters: {} }),
});

let h: JobHarness;
let app: ServedHandler;
let rt: JobRuntime;
const savedAppUrl = process.env.APP_URL;

beforeAll(async () => {
  h = await startJobHarness({ types: [stamp] });
  const ref: { rt?: JobRuntime } = {};
  app = await serveHandler(async (request) => {
    const path = new URL(request.url).pathname;
    const trigger = path.match(/^\/api\/jobs\/([^/]+)\/trigger$/);
    if (trigger) return handleJobTrigger(request, decodeURIComponent(trigger[1]!), ref.rt);
    if (path === "/api/sync/worker") return handleWorker(request, ref.rt);
    if (path === "/api/sync/callback") return handleCallback(request, ref.rt);
    return new Response("not found", { status: 404 });
  });
  const queue = new Queue({
    url: h.qstash.url,
    token: DEV_DEFAULTS.qstashToken,
    currentSigningKey: DEV_DEFAULTS.qstashCurrentSigningKey,
    nextSigningKey: DEV_DEFAULTS.qstashNextSigningKey,
    retries: 2,
    appUrl: app.url,
  });
  rt = { ...h.rt, queue };
  ref.rt = rt;
  process.env.APP_URL = app.url;
}, 60_000);

afterAll(async () => {
  if (savedAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = savedAppUrl;
  await app?.close();
  await h?.close();
});

interface Answer {
  ok: boolean;
  jobId?: string;
  status?: string;
  type?: string;
  params?: unknown;
  statusUrl?: string;
  error?: string;
  types?: string[];
}

async function post(type: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/api/jobs/${type}/trigger`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

const secret = () => ({ authorization: `Bearer ${h.secret}` });

/** A QStash delivery of a message to the stamp trigger: signed for its URL, with the message's id. */
const deliver = async (body: string, messageId: string) =>
  post("stamp", body, {
    "upstash-signature": await h.qstash.sign({ url: `${app.url}/api/jobs/stamp/trigger`, body }),
    "upstash-message-id": messageId,
  });

describe("POST /api/jobs/{type}/trigger", () => {
  it("starts a job of a type defined only in a test with the secret; it runs to completed", async () => {
    const reply = await post("stamp", '{"count":3}', secret());
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ ok: true, type: "stamp", params: { count: 3, label: "a" } });
    expect(reply.body.statusUrl).toBe(`${app.url}/api/sync/jobs/${reply.body.jobId}`);
    const job = await h.settled(reply.body.jobId!);
    expect(job).toMatchObject({ status: "completed", source: "manual", progress: { done: 3, total: 3 } });
  });

  it("accepts a QStash signature for this exact URL (source schedule), and no other URL's", async () => {
    const body = '{"count":2,"label":"signed"}';
    const forSync = await h.qstash.sign({ url: `${app.url}/api/sync/trigger`, body });
    expect((await post("stamp", body, { "upstash-signature": forSync })).status).toBe(401);
    const forOtherType = await h.qstash.sign({ url: `${app.url}/api/jobs/other/trigger`, body });
    expect((await post("stamp", body, { "upstash-signature": forOtherType })).status).toBe(401);

    const signature = await h.qstash.sign({ url: `${app.url}/api/jobs/stamp/trigger`, body });
    const reply = await post("stamp", body, { "upstash-signature": signature });
    expect(reply.status).toBe(202);
    const job = await h.settled(reply.body.jobId!);
    expect(job).toMatchObject({ status: "completed", source: "schedule", params: { label: "signed" } });
  });

  it("starts one job per QStash message: its later deliveries answer 200 with that job", async () => {
    const body = '{"count":1,"label":"once"}';
    const first = await deliver(body, "msg_stamp_once");
    expect(first.status).toBe(202);
    await h.settled(first.body.jobId!);
    const again = await deliver(body, "msg_stamp_once");
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ ok: true, jobId: first.body.jobId, status: "completed" });
    expect(again.body).toHaveProperty("deduplicated", true);
    const next = await deliver(body, "msg_stamp_next");
    expect(next.status).toBe(202);
    expect(next.body.jobId).not.toBe(first.body.jobId);
    await h.settled(next.body.jobId!);
    const { jobs } = await listJobs(h.store, { limit: 100 });
    expect(jobs.filter((j) => (j.params as { label?: string }).label === "once")).toHaveLength(2);
  });

  it("gives a message back when its delivery starts nothing, and answers 409 while one is starting", async () => {
    expect((await deliver('{"count":"lots"}', "msg_stamp_refused")).status).toBe(400);
    expect((await deliver('{"count":"lots"}', "msg_stamp_refused")).status).toBe(400);
    const started = await deliver('{"count":1,"label":"given-back"}', "msg_stamp_refused");
    expect(started.status).toBe(202);
    await h.settled(started.body.jobId!);

    // A first delivery that has taken its message and not yet recorded its job.
    expect(await takeDelivery(h.store, "msg_stamp_in_flight")).toEqual({ taken: true });
    const meanwhile = await deliver('{"count":1}', "msg_stamp_in_flight");
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.body.error).toMatch(/still starting its job/);
  });

  it("answers 400 naming the problem for bad params, before anything is recorded", async () => {
    const before = (await listJobs(h.store, { limit: 100 })).total;
    const bad = await post("stamp", '{"count":"lots"}', secret());
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/count: must be a number of stamps/);
    const notJson = await post("stamp", "count=3", secret());
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/JSON object of the job's parameters/);
    expect((await listJobs(h.store, { limit: 100 })).total).toBe(before);
  });

  it("refuses a body over 16 KB with 413 once authenticated, and with 401 unread otherwise", async () => {
    const huge = JSON.stringify({ count: 1, label: "x".repeat(20_000) });
    expect((await post("stamp", huge, secret())).status).toBe(413);
    expect((await post("stamp", huge)).status).toBe(401);
  });

  it("answers 404 naming the registered types for an unknown type", async () => {
    const reply = await post("nope", "{}", secret());
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatch(/Unknown job type "nope": one of stamp/);
    expect(reply.body.types).toEqual(["stamp"]);
  });

  it("answers 401 without the secret or a signature, before the type or the body is looked at", async () => {
    for (const [type, body] of [
      ["stamp", '{"count":1}'],
      ["nope", "{}"],
      ["stamp", "not json"],
    ] as const) {
      const reply = await post(type, body, { authorization: "Bearer wrong" });
      expect(reply.status).toBe(401);
      expect(JSON.stringify(reply.body)).not.toContain(h.secret);
    }
  });

  it("runs the job a schedule made by `npm run schedules -- --job` starts, with its params", async () => {
    const out: string[] = [];
    // Writes land synchronously, so the output is complete when the command returns.
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out.push(chunk.toString());
        done();
      },
    });
    const io = {
      stdout,
      stderr: new Writable({ write: (_chunk, _encoding, done) => done() }),
      env: {
        QSTASH_URL: h.qstash.url,
        QSTASH_TOKEN: DEV_DEFAULTS.qstashToken,
        QSTASH_CURRENT_SIGNING_KEY: DEV_DEFAULTS.qstashCurrentSigningKey,
        QSTASH_NEXT_SIGNING_KEY: DEV_DEFAULTS.qstashNextSigningKey,
        APP_URL: app.url,
      },
    };
    const options = {
      action: "upsert" as const,
      cron: "0 3 * * *",
      job: { type: "stamp", params: { count: 4, label: "cron" } },
      scheduleId: "notion-sync-job-stamp",
      json: false,
    };
    expect(await runSchedulesCommand(options, io)).toBe(0);
    expect(out.join("")).toContain(
      `created schedule notion-sync-job-stamp: "0 3 * * *" → POST ${app.url}/api/jobs/stamp/trigger`,
    );
    // Running it again updates the same schedule rather than adding one.
    expect(await runSchedulesCommand({ ...options, cron: "30 3 * * *" }, io)).toBe(0);
    expect(out.join("")).toContain("updated schedule notion-sync-job-stamp");
    const listed = await rt.queue!.client.schedules.list();
    expect(listed.filter((s) => s.scheduleId === "notion-sync-job-stamp")).toHaveLength(1);
    expect(listed.find((s) => s.scheduleId === "notion-sync-job-stamp")).toMatchObject({
      destination: `${app.url}/api/jobs/stamp/trigger`,
      body: '{"count":4,"label":"cron"}',
    });

    const tomorrow = new Date(Date.now() + 26 * 3600_000);
    expect(h.qstash.tick(tomorrow)).toHaveLength(1);
    const deadline = Date.now() + 60_000;
    let job: JobRecord | undefined;
    while (!job && Date.now() < deadline) {
      const { jobs } = await listJobs(h.store, { limit: 100 });
      job = jobs.find((j) => j.source === "schedule" && j.status === "completed" && j.params);
      job = job && (job.params as { label?: string }).label === "cron" ? job : undefined;
      if (!job) await new Promise((r) => setTimeout(r, 25));
    }
    expect(job).toMatchObject({ type: "stamp", params: { count: 4, label: "cron" }, progress: { done: 4 } });
  });
});
