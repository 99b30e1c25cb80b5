import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { getJob, listJobs } from "@/lib/store/jobs";
import { startTestApp, type TestApp } from "../helpers/app";
import { AppProbe, expectError, itLeaksNoSecrets, type Reply } from "./app-probe";
import { qstashJwt } from "./qstash-jwt";

/** Issue 4, item 3: only QStash-signed deliveries run anything; everything else is 401 or a no-op. */

let app: TestApp;
let probe: AppProbe;
let jobId: string;
let workerUrl: string;

beforeAll(async () => {
  app = await startTestApp();
  probe = new AppProbe(app);
  workerUrl = `${app.url}/api/sync/worker`;
  const reply = await probe.trigger();
  jobId = String(reply.body.jobId);
  expect((await probe.finished(jobId)).status).toBe("completed");
});
afterAll(async () => {
  await app.close();
});

const now = () => Math.floor(Date.now() / 1000);
const stepBody = (step = 1, id = jobId) => JSON.stringify({ jobId: id, step });

function post(path: string, body: string, signature?: string): Promise<Reply> {
  return probe.call(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature ? { "upstash-signature": signature } : {}) },
    body,
  });
}

/** Runs `act` and checks that nothing happened: no Notion call, the job record and job list as they were. */
async function expectNothingRan(act: () => Promise<void>): Promise<void> {
  const notionBefore = app.notion.requests.counts().total;
  const jobBefore = await getJob(app.store, jobId);
  const listBefore = await listJobs(app.store);
  await act();
  expect(app.notion.requests.counts().total).toBe(notionBefore);
  expect(await getJob(app.store, jobId)).toEqual(jobBefore);
  expect((await listJobs(app.store)).total).toBe(listBefore.total);
}

function unsignedJwt(url: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ iss: "Upstash", sub: url, exp: now() + 300 })}.`;
}

type Forgery = [name: string, make: () => Promise<{ body: string; signature?: string }>];

const FORGERIES: Forgery[] = [
  ["no Upstash-Signature", () => Promise.resolve({ body: stepBody() })],
  [
    "a signature that is not a JWT",
    () => Promise.resolve({ body: stepBody(), signature: "forged-signature" }),
  ],
  ["a JWT-shaped string", () => Promise.resolve({ body: stepBody(), signature: "aaaa.bbbb.cccc" })],
  [
    'an unsigned JWT (alg "none")',
    () => Promise.resolve({ body: stepBody(), signature: unsignedJwt(workerUrl) }),
  ],
  [
    "a JWT signed with another key",
    async () => ({
      body: stepBody(),
      signature: await qstashJwt({
        key: `sig_${randomBytes(12).toString("hex")}`,
        url: workerUrl,
        body: stepBody(),
      }),
    }),
  ],
  [
    "another key, through the emulator's own signer",
    async () => ({
      body: stepBody(),
      signature: await app.qstash.sign({
        url: workerUrl,
        body: stepBody(),
        signingKey: "sig_not_ours_at_all",
      }),
    }),
  ],
  [
    "an expired token",
    async () => ({
      body: stepBody(),
      signature: await qstashJwt({
        key: DEV_DEFAULTS.qstashCurrentSigningKey,
        url: workerUrl,
        body: stepBody(),
        issuedAt: now() - 600,
      }),
    }),
  ],
  [
    "a token that is not valid yet",
    async () => ({
      body: stepBody(),
      signature: await qstashJwt({
        key: DEV_DEFAULTS.qstashCurrentSigningKey,
        url: workerUrl,
        body: stepBody(),
        issuedAt: now() + 600,
      }),
    }),
  ],
  [
    "another issuer",
    async () => ({
      body: stepBody(),
      signature: await qstashJwt({
        key: DEV_DEFAULTS.qstashCurrentSigningKey,
        url: workerUrl,
        body: stepBody(),
        issuer: "NotUpstash",
      }),
    }),
  ],
  [
    "signed for the callback URL (sub)",
    async () => ({
      body: stepBody(),
      signature: await app.qstash.sign({ url: `${app.url}/api/sync/callback`, body: stepBody() }),
    }),
  ],
  [
    "signed for the worker on another host (sub)",
    async () => ({
      body: stepBody(),
      signature: await app.qstash.sign({
        url: workerUrl.replace("127.0.0.1", "localhost"),
        body: stepBody(),
      }),
    }),
  ],
  [
    "signed for the worker URL with a query string (sub)",
    async () => ({
      body: stepBody(),
      signature: await app.qstash.sign({ url: `${workerUrl}?x=1`, body: stepBody() }),
    }),
  ],
  [
    "a tampered body (another step)",
    async () => ({
      body: stepBody(2),
      signature: await app.qstash.sign({ url: workerUrl, body: stepBody(1) }),
    }),
  ],
  [
    "a tampered body (whitespace added)",
    async () => ({
      body: `${stepBody()} `,
      signature: await app.qstash.sign({ url: workerUrl, body: stepBody() }),
    }),
  ],
];

describe("worker: refused deliveries", () => {
  it.each(FORGERIES)("%s → 401 and nothing runs", async (_name, make) => {
    const { body, signature } = await make();
    await expectNothingRan(async () => {
      const reply = await post("/api/sync/worker", body, signature);
      expectError(reply, 401, "Upstash-Signature");
    });
  });

  it("a forged failure callback cannot fail a job", async () => {
    const callback = JSON.stringify({
      status: 500,
      sourceBody: Buffer.from(stepBody()).toString("base64"),
      dlqId: "dlq_forged",
      retried: 3,
    });
    for (const signature of [
      undefined,
      await qstashJwt({ key: "sig_someone_else", url: `${app.url}/api/sync/callback`, body: callback }),
      await app.qstash.sign({ url: workerUrl, body: callback }),
    ]) {
      await expectNothingRan(async () => {
        const reply = await post("/api/sync/callback", callback, signature);
        expect(reply.status).toBe(401);
      });
    }
  });
});

describe("worker: validly signed deliveries that must not run", () => {
  it("a replayed step of a finished job is acknowledged and ignored (current key, next key, hand-signed)", async () => {
    const signatures = [
      await app.qstash.sign({ url: workerUrl, body: stepBody() }),
      await app.qstash.sign({
        url: workerUrl,
        body: stepBody(),
        signingKey: DEV_DEFAULTS.qstashNextSigningKey,
      }),
      await qstashJwt({ key: DEV_DEFAULTS.qstashCurrentSigningKey, url: workerUrl, body: stepBody() }),
    ];
    for (const signature of signatures) {
      await expectNothingRan(async () => {
        const reply = await post("/api/sync/worker", stepBody(), signature);
        expect(reply.status, reply.text).toBe(200);
        expect(reply.body).toMatchObject({ ok: true, outcome: "ignored", jobId, status: "completed" });
        expect(reply.body.reason).toContain("completed");
      });
    }
  });

  it("a step far ahead of a finished job is ignored too", async () => {
    const body = stepBody(99);
    await expectNothingRan(async () => {
      const reply = await post("/api/sync/worker", body, await app.qstash.sign({ url: workerUrl, body }));
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ ok: true, outcome: "ignored" });
    });
  });

  it.each([
    ['{"jobId":"x"}', "job id"],
    [JSON.stringify({ jobId: "j000000000000", step: 1 }), "Unknown job"],
    ["this is not json", "not JSON"],
  ])("%s, validly signed → 489 + Upstash-NonRetryable-Error", async (body, mention) => {
    await expectNothingRan(async () => {
      const reply = await post("/api/sync/worker", body, await app.qstash.sign({ url: workerUrl, body }));
      expectError(reply, 489, mention);
      expect(reply.headers.get("upstash-nonretryable-error")).toBe("true");
    });
  });
});

itLeaksNoSecrets(() => probe);
