import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blocks, DEMO_IDS } from "../../dev/notion";
import { startQStashEmulator } from "../../dev/qstash";
import { listJobs } from "@/lib/store/jobs";
import { readManifest, readRoute } from "@/lib/store/site-reader";
import { SYNC_JOB } from "@/lib/sync/job";
import { allText } from "../helpers/sync";
import { startTestApp, type TestApp } from "../helpers/app";
import { AppProbe, expectError, itLeaksNoSecrets, type Reply } from "./app-probe";

/** Issue 4, item 8: Notion's webhook handshake and signed events → deduplicated one-page syncs. */

const WEBHOOK_SECRET = `secret_${randomBytes(16).toString("hex")}`;
let app: TestApp;
let probe: AppProbe;

beforeAll(async () => {
  app = await startTestApp({ env: { NOTION_WEBHOOK_SECRET: WEBHOOK_SECRET } });
  probe = new AppProbe(app);
  // Page events refresh one page of a published site: publish it first.
  const reply = await probe.trigger();
  expect((await probe.finished(String(reply.body.jobId))).status).toBe("completed");
});
afterAll(async () => {
  await app.close();
});

/** A Notion webhook event as Notion sends it (signals only: the app fetches the content itself). */
function event(type: string, pageId: string): string {
  return JSON.stringify({
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    workspace_id: randomUUID(),
    subscription_id: randomUUID(),
    integration_id: randomUUID(),
    type,
    authors: [{ id: randomUUID(), type: "person" }],
    accessible_by: [],
    attempt_number: 1,
    entity: { id: pageId, type: "page" },
    data: { parent: { id: DEMO_IDS.home, type: "page" }, updated_blocks: [] },
  });
}

const sign = (raw: string, key = WEBHOOK_SECRET) =>
  `sha256=${createHmac("sha256", key).update(raw).digest("hex")}`;

function deliver(raw: string, signature?: string): Promise<Reply> {
  return probe.call("/api/notion/webhook", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(signature ? { "x-notion-signature": signature } : {}),
    },
    body: raw,
  });
}

// Sync jobs only: each publish also starts a search-index job (docs/search.md).
const jobCount = async () =>
  (await listJobs(app.store, { limit: 100 })).jobs.filter((j) => j.type === SYNC_JOB).length;

describe("Notion webhook", () => {
  it("answers the verification handshake with 200 and never logs the token", async () => {
    const reply = await deliver(JSON.stringify({ verification_token: WEBHOOK_SECRET }));
    expect(reply.status).toBe(200);
    expect(reply.text).not.toContain(WEBHOOK_SECRET);
    expect(app.logs.some((line) => line.includes("notion_webhook_verification"))).toBe(true);
    expect(app.logs.filter((line) => line.includes(WEBHOOK_SECRET))).toEqual([]);
  });

  it.each([
    ["no signature", () => undefined],
    ["a signature made with another secret", (raw: string) => sign(raw, "secret_not_the_right_one")],
    ["the signature of another body", () => sign(event("page.content_updated", DEMO_IDS.about))],
    ["the bare hex digest (no sha256= prefix)", (raw: string) => sign(raw).slice("sha256=".length)],
    ["garbage", () => "sha256=zz"],
  ])("an event with %s → 401 and no job", async (_name, signatureOf) => {
    const before = await jobCount();
    const raw = event("page.content_updated", DEMO_IDS.docs);
    const reply = await deliver(raw, signatureOf(raw));
    expectError(reply, 401, "X-Notion-Signature");
    expect(await jobCount()).toBe(before);
  });

  it("a signed page.content_updated → a page sync of that page only", async () => {
    const [blockId] = app.notion.workspace.appendBlocks(DEMO_IDS.docs, [blocks.p("Fresh from a webhook")]);
    expect(blockId).toBeDefined();
    const manifest = await readManifest(app.store);
    const otherObjects = Object.keys(manifest?.entries ?? {}).filter((id) => id !== DEMO_IDS.docs);
    expect(otherObjects.length).toBeGreaterThan(20);
    app.notion.requests.reset();

    const raw = event("page.content_updated", DEMO_IDS.docs);
    const reply = await deliver(raw, sign(raw));
    expect(reply.status, reply.text).toBe(202);
    expect(reply.body).toMatchObject({ ok: true, coalesced: false });
    expect(typeof reply.body.jobId).toBe("string");
    const job = await probe.finished(String(reply.body.jobId));
    expect(job).toMatchObject({
      status: "completed",
      source: "webhook",
      params: { mode: "page", page: DEMO_IDS.docs },
    });
    expect(job.progress.counters.pagesWritten).toBe(1);

    const requests = app.notion.requests.entries();
    const routes = new Set(requests.map((r) => r.route));
    expect(routes).toContain("GET /v1/pages/:id");
    expect(routes).toContain("GET /v1/blocks/:id/children");
    expect([...routes].filter((r) => /search|query/.test(r))).toEqual([]);
    expect(requests.filter((r) => r.route === "GET /v1/pages/:id").map((r) => r.objectId)).toEqual([
      DEMO_IDS.docs,
    ]);
    // Its child page (Guides) and every other page were left alone.
    expect(requests.filter((r) => otherObjects.includes(r.objectId ?? ""))).toEqual([]);

    const docs = await readRoute(app.store, manifest!.entries[DEMO_IDS.docs]!.slug);
    expect(docs.state).toBe("found");
    expect(docs.state === "found" && allText(docs.bundle)).toContain("Fresh from a webhook");
  });

  it("a burst of 10 events for one page → one sync", async () => {
    const before = await jobCount();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => {
        const raw = event("page.content_updated", DEMO_IDS.about);
        return deliver(raw, sign(raw));
      }),
    );
    for (const reply of replies) expect(reply.status, reply.text).toBeLessThan(300);
    const started = replies.filter((r) => r.status === 202);
    expect(started).toHaveLength(1);
    expect(replies.filter((r) => r.body.deduplicated === true)).toHaveLength(9);
    const job = await probe.finished(String(started[0]!.body.jobId));
    expect(job).toMatchObject({ status: "completed", params: { mode: "page", page: DEMO_IDS.about } });
    expect(await jobCount()).toBe(before + 1);
  });

  it("an event that could not be queued is not deduplicated: Notion's retry of it goes through", async () => {
    // QStash goes away: queueing the sync fails, and the webhook says so (5xx → Notion retries).
    const port = app.qstash.port;
    await app.qstash.waitForIdle();
    await app.qstash.close();
    const raw = event("page.content_updated", DEMO_IDS.contact);
    const failed = await deliver(raw, sign(raw));
    expect(failed.status).toBe(500);
    app.qstash = await startQStashEmulator({ port, timeScale: 0.002 });

    const retried = await deliver(raw, sign(raw));
    expect(retried.status, retried.text).toBe(202);
    const job = await probe.finished(String(retried.body.jobId));
    expect(job).toMatchObject({ status: "completed", params: { mode: "page", page: DEMO_IDS.contact } });
  });

  it("events the app does not act on are acknowledged without a job", async () => {
    const before = await jobCount();
    const raw = JSON.stringify({
      ...JSON.parse(event("comment.created", DEMO_IDS.about)),
      entity: { id: randomUUID(), type: "comment" },
    });
    const reply = await deliver(raw, sign(raw));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ok: true, ignored: "comment.created" });
    expect(await jobCount()).toBe(before);
  });
});

itLeaksNoSecrets(() => probe);
