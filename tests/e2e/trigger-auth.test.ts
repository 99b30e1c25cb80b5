import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@upstash/qstash";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { listJobs } from "@/lib/store/jobs";
import { readDrafts } from "@/lib/store/drafts";
import { readManifest, readRoute } from "@/lib/store/site-reader";
import { startTestApp, type TestApp } from "../helpers/app";
import { AppProbe, expectError, itLeaksNoSecrets, TRIGGER_KEYS, type JobView } from "./app-probe";

/** Issue 4, item 1: every way to call the trigger, and every way to get it wrong. */

const CRON_SECRET = `cron-secret-${randomBytes(12).toString("hex")}`;
let app: TestApp;
let probe: AppProbe;

beforeAll(async () => {
  app = await startTestApp({ env: { CRON_SECRET } });
  probe = new AppProbe(app);
});
afterAll(async () => {
  await app.close();
});

interface AuthForm {
  name: string;
  source: "manual" | "cron";
  path: (secret: string) => string;
  init: (secret: string) => RequestInit;
}

const FORMS: AuthForm[] = [
  {
    name: "POST + Authorization: Bearer <SYNC_SECRET>",
    source: "manual",
    path: () => "/api/sync/trigger",
    init: (secret) => ({ method: "POST", headers: { authorization: `Bearer ${secret}` } }),
  },
  {
    name: "POST + Authorization: Bearer <CRON_SECRET>",
    source: "manual",
    path: () => "/api/sync/trigger",
    init: () => ({ method: "POST", headers: { authorization: `Bearer ${CRON_SECRET}` } }),
  },
  {
    name: "POST + x-sync-secret",
    source: "manual",
    path: () => "/api/sync/trigger",
    init: (secret) => ({ method: "POST", headers: { "x-sync-secret": secret } }),
  },
  {
    name: "GET ?secret= (the seed's curl)",
    source: "manual",
    path: (secret) => `/api/sync/trigger?secret=${encodeURIComponent(secret)}`,
    init: () => ({ method: "GET" }),
  },
  {
    name: "GET from Vercel cron (User-Agent vercel-cron/1.0 + Bearer CRON_SECRET)",
    source: "cron",
    path: () => "/api/sync/trigger",
    init: () => ({
      method: "GET",
      headers: { "user-agent": "vercel-cron/1.0", authorization: `Bearer ${CRON_SECRET}` },
    }),
  },
];

async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

function expectIsoOrder(...times: (string | undefined)[]): void {
  const parsed = times.map((t) => Date.parse(t ?? ""));
  for (const t of parsed) expect(Number.isFinite(t)).toBe(true);
  for (let i = 1; i < parsed.length; i++) expect(parsed[i]).toBeGreaterThanOrEqual(parsed[i - 1]!);
}

describe("trigger: accepted auth forms", () => {
  it.each(FORMS)("$name → 202, the job completes, the status JSON is right", async (form) => {
    const reply = await probe.call(form.path(app.secret), form.init(app.secret));
    expect(reply.status, reply.text).toBe(202);
    expect(Object.keys(reply.body).sort()).toEqual(TRIGGER_KEYS);
    const jobId = String(reply.body.jobId);
    expect(reply.body).toMatchObject({ ok: true, status: "queued", force: false, page: null });
    expect(typeof reply.body.messageId).toBe("string");
    expect(reply.body.workerUrl).toBe(`${app.url}/api/sync/worker`);
    expect(reply.body.statusUrl).toBe(`${app.url}/api/sync/jobs/${jobId}`);
    expect(reply.body.dashboardUrl).toBe(`${app.url}/admin/jobs/${jobId}`);

    const job: JobView = await probe.finished(jobId);
    expect(job).toMatchObject({ id: jobId, status: "completed", source: form.source });
    expect(job.params).toEqual({ mode: "incremental" });
    expectIsoOrder(job.createdAt, job.startedAt, job.finishedAt);
    expect(job.updatedAt).toBe(job.finishedAt);
    expect(job.durationMs).toBeGreaterThanOrEqual(0);
    expect(job.steps.length).toBeGreaterThanOrEqual(1);
    expect(job.steps.at(-1)?.outcome).toBe("finished");
    expect(job.step).toBe(job.steps.length);
    expect(job.attempts).toBeGreaterThanOrEqual(job.steps.length);
    expect(job.messageIds[0]).toBe(reply.body.messageId);
    expect(job.errors).toEqual([]);
    const c = job.progress.counters;
    expect(job.progress.phase).toBe("done");
    expect(c.pagesDiscovered).toBeGreaterThan(20);
    expect((c.pagesWritten ?? 0) + (c.pagesUnchanged ?? 0)).toBe(c.pagesDiscovered);
    expect(c.apiCalls).toBeGreaterThan(0);

    const manifest = await readManifest(app.store);
    // Pages and databases each get an entry: a public one (with a route), or a private one for a draft.
    const publicEntries = Object.keys(manifest?.entries ?? {}).length;
    const drafts = (await readDrafts(app.store)).length;
    expect(drafts).toBeGreaterThan(0);
    expect(publicEntries + drafts).toBe((c.pagesDiscovered ?? 0) + (c.databases ?? 0));
    expect((await readRoute(app.store, "about")).state).toBe("found");
  });

  it("force=1 refetches everything; page=<slug> syncs that one page", async () => {
    const forced = await probe.trigger("force=1");
    expect(forced.status, forced.text).toBe(202);
    expect(forced.body).toMatchObject({ force: true, page: null });
    const full = await probe.finished(String(forced.body.jobId));
    expect(full).toMatchObject({ status: "completed", params: { mode: "force" } });
    expect(full.progress.counters.pagesWritten).toBe(full.progress.counters.pagesDiscovered);

    const page = await probe.call("/api/sync/trigger", {
      method: "POST",
      headers: { authorization: `Bearer ${app.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ page: "about" }),
    });
    expect(page.status, page.text).toBe(202);
    expect(page.body).toMatchObject({ force: false, page: "about" });
    const one = await probe.finished(String(page.body.jobId));
    expect(one).toMatchObject({ status: "completed", params: { mode: "page", page: "about" } });
    expect(one.progress.counters.pagesWritten).toBe(1);
  });
});

describe("trigger: QStash schedules (npm run schedules)", () => {
  it("a schedule's signed POST → a job with source schedule that completes", async () => {
    const client = new Client({ baseUrl: app.qstash.url, token: DEV_DEFAULTS.qstashToken });
    const { scheduleId } = await client.schedules.create({
      destination: `${app.url}/api/sync/trigger`,
      cron: "0 * * * *",
    });
    try {
      expect(app.qstash.tick(new Date(Date.now() + 3_600_000))).toHaveLength(1);
      const jobId = await until(async () => {
        const { jobs } = await listJobs(app.store);
        return jobs.find((j) => j.source === "schedule")?.id;
      });
      const job = await probe.finished(jobId);
      expect(job).toMatchObject({ status: "completed", source: "schedule", params: { mode: "incremental" } });
    } finally {
      await client.schedules.delete(scheduleId);
    }
  });

  it("a message delivered again (QStash's retry) answers with the job its first delivery started", async () => {
    const url = `${app.url}/api/sync/trigger`;
    const deliver = async (messageId: string) =>
      probe.call("/api/sync/trigger", {
        method: "POST",
        headers: {
          "upstash-signature": await app.qstash.sign({ url, body: "" }),
          "upstash-message-id": messageId,
        },
      });
    const first = await deliver("msg_sync_redelivered");
    expect(first.status).toBe(202);
    const jobId = (first.body as { jobId: string }).jobId;
    await probe.finished(jobId);
    const again = await deliver("msg_sync_redelivered");
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ ok: true, jobId, deduplicated: true, status: "completed" });
    const { jobs } = await listJobs(app.store);
    expect(jobs.filter((j) => j.id === jobId)).toHaveLength(1);
    // Another message (the schedule's next tick) starts another job.
    const next = await deliver("msg_sync_next_tick");
    expect(next.status).toBe(202);
    expect((next.body as { jobId: string }).jobId).not.toBe(jobId);
    await probe.finished((next.body as { jobId: string }).jobId);
  });

  it("a trigger signed with another key is refused", async () => {
    const url = `${app.url}/api/sync/trigger`;
    const reply = await probe.call("/api/sync/trigger", {
      method: "POST",
      headers: { "upstash-signature": await app.qstash.sign({ url, body: "", signingKey: "sig_not_ours" }) },
    });
    expectError(reply, 401, "Unauthorized");
  });
});

describe("trigger: refused requests", () => {
  const wrong = (secret: string) => `${secret.slice(0, -1)}${secret.endsWith("x") ? "y" : "x"}`;
  const refusals: [string, () => RequestInit, string?][] = [
    ["no secret", () => ({ method: "POST" })],
    [
      "a wrong secret of the right length",
      () => ({ method: "POST", headers: { "x-sync-secret": wrong(app.secret) } }),
    ],
    [
      "a wrong secret of another length",
      () => ({ method: "POST", headers: { authorization: "Bearer short" } }),
    ],
    ["an empty Bearer", () => ({ method: "POST", headers: { authorization: "Bearer " } })],
    ["a wrong ?secret=", () => ({ method: "GET" }), "?secret=not-the-secret-at-all"],
    [
      "vercel-cron user agent without a secret",
      () => ({ method: "GET", headers: { "user-agent": "vercel-cron/1.0" } }),
    ],
  ];

  it.each(refusals)("%s → 401 {ok:false,error}", async (_name, init, query = "") => {
    const reply = await probe.call(`/api/sync/trigger${query}`, init());
    expectError(reply, 401, "Unauthorized");
  });

  it("the status URL needs the secret too", async () => {
    const { jobs } = await listJobs(app.store);
    const reply = await probe.call(`/api/sync/jobs/${jobs[0]!.id}`);
    expectError(reply, 401, "Unauthorized");
    expectError(await probe.call("/api/sync/jobs"), 401, "Unauthorized");
  });

  it("checks the secret before the parameters (no hint about params without it)", async () => {
    const reply = await probe.call("/api/sync/trigger?force=maybe", { method: "POST" });
    expect(reply.status).toBe(401);
  });

  it.each([
    ["force=maybe", "force"],
    ["page=" + encodeURIComponent("../../etc/passwd"), "page"],
    ["page=" + encodeURIComponent("a page with spaces"), "page"],
    ["page=no-such-page", "no-such-page"],
  ])("%s → 400 with a message naming the problem", async (query, mention) => {
    const reply = await probe.trigger(query);
    expectError(reply, 400, mention);
  });

  it.each([
    ["text/plain", "please sync"],
    ["application/json", "{force: true"],
    ["application/json", "[1, 2]"],
    [undefined, "force=1"],
  ])("POST with a non-JSON body (%s) → 400", async (type, body) => {
    const reply = await probe.trigger("", { body, headers: type ? { "content-type": type } : {} });
    expectError(reply, 400, "JSON");
  });

  it("a JSON body with a bad value → 400 naming the field", async () => {
    const reply = await probe.trigger("", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ force: "maybe" }),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toContain("force");
  });
});

describe("trigger: misconfiguration", () => {
  it("without QSTASH_TOKEN the trigger answers 500 naming the variable", async () => {
    const broken = await startTestApp({ env: { QSTASH_TOKEN: "" } });
    const brokenProbe = new AppProbe(broken);
    try {
      const reply = await brokenProbe.trigger();
      expect(reply.status).toBe(500);
      expect(reply.body).toMatchObject({ ok: false, variable: "QSTASH_TOKEN" });
      expect(reply.body.error).toContain("QSTASH_TOKEN");
      // Nothing was recorded: the job layer never started.
      const jobs = await brokenProbe.call("/api/sync/jobs", {
        headers: { authorization: `Bearer ${broken.secret}` },
      });
      expect(jobs.body).toMatchObject({ ok: true, total: 0 });
      expect(brokenProbe.leakedSecrets()).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});

itLeaksNoSecrets(() => probe);
