import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWorkspace } from "../../dev/notion";
import { listJobs } from "@/lib/store/jobs";
import { startTestApp, type TestApp } from "../helpers/app";
import { AppProbe, expectError, itLeaksNoSecrets, type JobView } from "./app-probe";

/**
 * Issue 13 §4 and issue 10 §4 through the built app: the trigger authenticates before it reads a
 * (size-capped) body, refuses JSON sent as a form, validates input the same whether or not a sync
 * runs, queues a request the running sync does not cover, and jobs can be cancelled over the API.
 * Notion answers slowly (and the steps are short), so the first sync runs until this file cancels it.
 */
let app: TestApp;
let probe: AppProbe;

beforeAll(async () => {
  app = await startTestApp({
    notion: {
      workspace: generateWorkspace({ seed: 13, pages: 300, depth: 3, blocksPerPage: 4 }).workspace,
      latencyMs: 120,
    },
    env: { SYNC_STEP_BUDGET_MS: "400" },
  });
  probe = new AppProbe(app);
});
afterAll(async () => {
  await app.close();
});

const jobCount = async () => (await listJobs(app.store, { limit: 100 })).total;

function nestedJson(bytes: number): string {
  const depth = Math.floor(bytes / 8);
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

describe("the trigger reads nothing before it authenticates", () => {
  it("a 10 MB nested JSON without the secret gets 401, and with it 413; nothing recorded", async () => {
    const before = await jobCount();
    const body = nestedJson(10 * 1024 * 1024);
    const anonymous = await probe.call("/api/sync/trigger", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expectError(anonymous, 401, "Unauthorized");
    const authorised = await probe.trigger("", { headers: { "content-type": "application/json" }, body });
    expectError(authorised, 413, "larger than");
    expect(await jobCount()).toBe(before);
  });

  it("JSON sent with a form content type (curl -d) → 415 naming the fix; nothing recorded", async () => {
    const before = await jobCount();
    const reply = await probe.trigger("", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: '{"force":true,"page":"no such page"}',
    });
    expectError(reply, 415, "content-type: application/json");
    const unknownField = await probe.trigger("", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "forse=1",
    });
    expectError(unknownField, 400, "forse");
    expect(await jobCount()).toBe(before);
  });
});

describe("honest job semantics while a sync runs", () => {
  let running: string;

  it("bad input gets the same 400, naming the allowed values, idle or not", async () => {
    const idle = await probe.trigger("force=maybe");
    expectError(idle, 400, "must be one of 1, 0, true, false, yes, no");
    const both = await probe.trigger("force=1&page=about");
    expectError(both, 400, "cannot be combined with page");
    const idlePage = await probe.trigger("page=nope");
    expectError(idlePage, 400, "page sync");

    const started = await probe.trigger();
    expect(started.status).toBe(202);
    running = String(started.body.jobId);
    expectError(await probe.trigger("force=maybe"), 400, "must be one of");
    expectError(await probe.trigger("force=1&page=about"), 400, "cannot be combined");
    // Nothing is published yet: a page sync is refused with the same reason as when idle.
    expect((await probe.trigger("page=nope")).body).toEqual(idlePage.body);
  });

  it("a covered request joins the running sync; one it does not cover is queued (at most one, merged)", async () => {
    const joined = await probe.trigger();
    expect(joined.body).toMatchObject({ jobId: running, coalesced: true });

    const force = await probe.trigger("force=1");
    expect(force.status).toBe(202);
    expect(force.body.jobId).not.toBe(running);
    expect(force.body).toMatchObject({ status: "queued", force: true });
    expect(force.body.coalesced).toBeUndefined();

    const again = await probe.trigger("force=1");
    expect(again.body).toMatchObject({ jobId: force.body.jobId, coalesced: true, status: "queued" });
    const queuedJob = await probe.job(String(force.body.jobId));
    expect(queuedJob).toMatchObject({ status: "queued", step: 0, params: { mode: "force" } });

    // Cancelling the running sync starts the queued one, which completes.
    const cancel = await probe.call(`/api/sync/jobs/${running}/cancel`, {
      method: "POST",
      headers: { authorization: `Bearer ${app.secret}` },
    });
    expect([200, 202]).toContain(cancel.status);
    const cancelled: JobView = await probe.finished(running);
    expect(cancelled.status).toBe("cancelled");
    const next = await probe.finished(String(force.body.jobId), 240_000);
    expect(next.status).toBe("completed");
    expect(Date.parse(next.startedAt!)).toBeGreaterThanOrEqual(Date.parse(cancelled.finishedAt!));
  });

  it("the cancel API: needs the secret, 404 for an unknown job, 409 once the job has ended", async () => {
    expectError(
      await probe.call(`/api/sync/jobs/${running}/cancel`, { method: "POST" }),
      401,
      "Unauthorized",
    );
    const auth = { authorization: `Bearer ${app.secret}` };
    expectError(
      await probe.call("/api/sync/jobs/jzzzzzzzzzzzz/cancel", { method: "POST", headers: auth }),
      404,
      "No job",
    );
    expectError(
      await probe.call(`/api/sync/jobs/${running}/cancel`, { method: "POST", headers: auth }),
      409,
      "already cancelled",
    );
  });
});

itLeaksNoSecrets(() => probe);
