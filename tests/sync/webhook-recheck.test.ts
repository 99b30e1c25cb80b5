import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { DEMO_IDS, demoPostId } from "../../dev/notion";
import { startQStashEmulator, type QStashEmulator } from "../../dev/qstash";
import { handleNotionWebhook } from "@/lib/http/notion-webhook";
import { handleWorker } from "@/lib/http/worker";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { isTerminal, type JobRecord } from "@/lib/jobs/types";
import { Queue } from "@/lib/queue/qstash";
import { getJob } from "@/lib/store/jobs";
import { readWebhookToken } from "@/lib/store/webhook-token";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { serveHandler, type ServedHandler } from "../helpers/serve-handler";
import { bundleAt, databaseAt, syncNow } from "../helpers/sync";

/**
 * Issue 14 §3: webhooks make deletions and moves instant. A signed event reaches the app's webhook
 * handler; the sync it starts (through QStash and the worker) rechecks the entity and its parents.
 */

const T0 = Date.parse("2026-03-02T10:00:05.000Z");
const MINUTE = 60_000;
const SECRET = `secret_${randomBytes(16).toString("hex")}`;

let cloud: TestCloud;
let qstash: QStashEmulator;
let server: ServedHandler;

beforeEach(async () => {
  process.env.NOTION_WEBHOOK_SECRET = SECRET;
  process.env.SYNC_SECRET = `s-${randomBytes(12).toString("hex")}`;
  // Search hides every change for 10 minutes: only the webhook can tell the sync what happened.
  cloud = await startTestCloud({ searchLagMs: 10 * MINUTE });
  cloud.notion.clock.set(T0);
  qstash = await startQStashEmulator({
    port: 0,
    timeScale: 0.002,
    dataDir: mkdtempSync(join(tmpdir(), "qstash-webhook-")),
  });
  const ref: { rt?: JobRuntime } = {};
  server = await serveHandler(async (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/api/sync/worker") return handleWorker(request, ref.rt);
    if (path === "/api/notion/webhook") return handleNotionWebhook(request, ref.rt);
    return new Response("not found", { status: 404 });
  });
  const queue = new Queue({
    url: qstash.url,
    token: DEV_DEFAULTS.qstashToken,
    currentSigningKey: DEV_DEFAULTS.qstashCurrentSigningKey,
    nextSigningKey: DEV_DEFAULTS.qstashNextSigningKey,
    retries: 0,
    appUrl: server.url,
  });
  ref.rt = cloud.runtime({ queue });
  await syncNow(cloud, { mode: "force" });
  cloud.notion.clock.advance(2 * MINUTE);
});

afterEach(async () => {
  delete process.env.NOTION_WEBHOOK_SECRET;
  await qstash.close();
  await server.close();
  await cloud.close();
});

function event(type: string, entity: { id: string; type: string }, parent?: { id: string; type: string }) {
  return JSON.stringify({
    id: randomUUID(),
    timestamp: new Date(cloud.notion.clock.now()).toISOString(),
    workspace_id: randomUUID(),
    subscription_id: randomUUID(),
    integration_id: randomUUID(),
    type,
    authors: [{ id: randomUUID(), type: "person" }],
    attempt_number: 1,
    entity,
    data: parent ? { parent } : {},
  });
}

async function deliver(raw: string, signed = true): Promise<Response> {
  const signature = `sha256=${createHmac("sha256", SECRET).update(raw).digest("hex")}`;
  return fetch(`${server.url}/api/notion/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(signed ? { "x-notion-signature": signature } : {}) },
    body: raw,
  });
}

async function settled(jobId: string): Promise<JobRecord> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = await getJob(cloud.store, jobId);
    if (job && isTerminal(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job?.status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function syncFor(raw: string): Promise<JobRecord> {
  const reply = await deliver(raw);
  expect(reply.status).toBe(202);
  const body = (await reply.json()) as { jobId: string };
  return settled(body.jobId);
}

describe("webhooks make deletions and moves instant", () => {
  it("page.deleted: a trashed row leaves the site on the sync the event starts", async () => {
    const post = demoPostId(5);
    const before = await databaseAt(cloud, "blog");
    const row = before.rows.find((r) => r.id === post)!;
    cloud.notion.workspace.trashPage(post);
    const job = await syncFor(
      event("page.deleted", { id: post, type: "page" }, { id: DEMO_IDS.blogDataSource, type: "data_source" }),
    );
    expect(job.status).toBe("completed");
    expect(job.params).toMatchObject({ mode: "incremental", recheck: [post, DEMO_IDS.blogDataSource] });
    await expect(bundleAt(cloud, row.slug)).rejects.toThrow(/no bundle/);
    expect((await databaseAt(cloud, "blog")).rows.map((r) => r.id)).not.toContain(post);
  });

  it("page.moved: the page and its subtree move on the sync the event starts", async () => {
    cloud.notion.workspace.movePage(DEMO_IDS.guides, DEMO_IDS.about);
    const job = await syncFor(
      event("page.moved", { id: DEMO_IDS.guides, type: "page" }, { id: DEMO_IDS.about, type: "page" }),
    );
    expect(job.status).toBe("completed");
    const about = await bundleAt(cloud, "about");
    expect(about.id).toBe(DEMO_IDS.about);
    expect((await bundleAt(cloud, "about/guides/deep-dive")).id).toBe(DEMO_IDS.deepDive);
    await expect(bundleAt(cloud, "docs/guides")).rejects.toThrow(/no bundle/);
  });

  it("without the webhook, the same trash waits for search (the change-only sync keeps the row)", async () => {
    const post = demoPostId(5);
    cloud.notion.workspace.trashPage(post);
    const { manifest } = await syncNow(cloud);
    expect(manifest.entries[post]).toBeDefined();
  });
});

describe("the verification handshake", () => {
  it("keeps the token for the dashboard, and never puts it in the reply or the logs", async () => {
    const token = `secret_${randomBytes(20).toString("hex")}`;
    const logged: string[] = [];
    const spies = (["info", "log", "warn", "error"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.join(" "))),
    );
    try {
      const reply = await deliver(JSON.stringify({ verification_token: token }), false);
      expect(reply.status).toBe(200);
      expect(await reply.text()).not.toContain(token);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(logged.some((line) => line.includes("notion_webhook_verification"))).toBe(true);
    expect(logged.some((line) => line.includes("dashboard"))).toBe(true);
    expect(logged.filter((line) => line.includes(token))).toEqual([]);
    const kept = await readWebhookToken(cloud.store);
    expect(kept?.token).toBe(token);
    expect(Date.parse(kept!.receivedAt)).not.toBeNaN();
    const ttl = await cloud.store.redis.ttl(`${cloud.prefix}:webhook-verification`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(24 * 3600);
  });

  it("refuses a handshake whose token is not a string", async () => {
    const reply = await deliver(JSON.stringify({ verification_token: 42 }), false);
    expect(reply.status).toBe(400);
    expect(await readWebhookToken(cloud.store)).toBeNull();
  });
});
