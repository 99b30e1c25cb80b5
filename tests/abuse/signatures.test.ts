/**
 * Abuse: QStash signatures on the worker, the callback and the trigger (schedules call it signed).
 * Every bad signature gets exactly 401 and changes nothing — no cache key, no Notion call, no QStash
 * message; a validly signed replay of another (finished) job's message is a 200 no-op.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_DEFAULTS } from "../../dev/defaults";
import { startTestApp, syncThroughApp, type TestApp } from "../helpers/app";
import {
  closeStateReader,
  expectNoSecrets,
  qstashJwt,
  stateOf,
  transcript,
  unsignedJwt,
  type ClaimsOverride,
} from "./abuse-kit";

let app: TestApp;
let finishedJob: string;
const seen: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  const job = await syncThroughApp(app);
  expect(job.status).toBe("completed");
  finishedJob = job.id;
});
afterAll(async () => {
  expectNoSecrets(app, seen, "responses");
  expectNoSecrets(app, app.logs, "the app's log");
  await closeStateReader();
  await app.close();
});

const routes = ["/api/sync/worker", "/api/sync/callback", "/api/sync/trigger"] as const;

function bodyFor(route: (typeof routes)[number], jobId: string): string {
  if (route === "/api/sync/worker") return JSON.stringify({ jobId, step: 1 });
  if (route === "/api/sync/trigger") return JSON.stringify({ force: true });
  // A failure callback for the job's first step, as QStash sends it.
  return JSON.stringify({
    status: 500,
    body: Buffer.from('{"error":"boom"}').toString("base64"),
    sourceBody: Buffer.from(JSON.stringify({ jobId, step: 1 })).toString("base64"),
    sourceMessageId: "msg_forged",
    dlqId: "dlq_forged",
    retried: 3,
  });
}

async function post(route: string, body: string, signature?: string): Promise<Response> {
  return fetch(`${app.url}${route}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(signature !== undefined ? { "upstash-signature": signature } : {}),
    },
    body,
  });
}

type Forgery = [name: string, make: (body: string, url: string) => Promise<string | undefined>];
const sign = (o: ClaimsOverride) => (body: string, url: string) => qstashJwt(body, url, o);

const forgeries: Forgery[] = [
  ["no signature", () => Promise.resolve(undefined)],
  ["an empty signature", () => Promise.resolve("")],
  ["garbage", () => Promise.resolve("not-a-jwt")],
  ["a random key", sign({ key: `sig_${randomBytes(14).toString("base64url")}` })],
  ["another QStash-shaped key", sign({ key: "sig_7kYjw48mhY7kAjqNGcy6cr29RJ6s" })],
  ["an expired token", sign({ iat: -900, nbf: -900, exp: -600 })],
  ["a token not valid yet", sign({ nbf: 600, exp: 900 })],
  ["a wrong sub (another URL)", (body) => qstashJwt(body, "http://127.0.0.1:1/api/sync/worker")],
  [
    "a wrong sub (the other route)",
    (body, url) =>
      qstashJwt(
        body,
        url.endsWith("/worker") ? url.replace(/worker$/, "callback") : url.replace(/\w+$/, "worker"),
      ),
  ],
  ["a wrong issuer", sign({ iss: "NotUpstash" })],
  ["a tampered body", sign({ signedBody: '{"jobId":"j0000000000","step":1}' })],
  [
    "alg none",
    (body, url) =>
      Promise.resolve(
        unsignedJwt({ iss: "Upstash", sub: url, body, exp: Math.floor(Date.now() / 1000) + 300 }),
      ),
  ],
];

describe("bad signatures: 401, and nothing runs or changes", () => {
  for (const route of routes) {
    for (const [name, make] of forgeries) {
      it(`${route} with ${name}`, async () => {
        const before = await stateOf(app);
        const kvCommands = app.kv.commandCount();
        const body = bodyFor(route, finishedJob);
        const response = await post(route, body, await make(body, `${app.url}${route}`));
        const text = await transcript(response);
        seen.push(text);
        expect(response.status, text).toBe(401);
        expect(app.kv.commandCount()).toBe(kvCommands); // not even a read
        expect(await stateOf(app)).toEqual(before);
      });
    }
  }
});

describe("valid signatures that must not do harm", () => {
  it("a replay of a finished job's step message (next key, rotation-safe) is acknowledged and does nothing", async () => {
    const before = await stateOf(app);
    const body = bodyFor("/api/sync/worker", finishedJob);
    const url = `${app.url}/api/sync/worker`;
    for (const key of [DEV_DEFAULTS.qstashCurrentSigningKey, DEV_DEFAULTS.qstashNextSigningKey]) {
      const response = await post("/api/sync/worker", body, await qstashJwt(body, url, { key }));
      seen.push(await transcript(response.clone()));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ outcome: "ignored", reason: "job already completed" });
    }
    expect(await stateOf(app)).toEqual(before);
  });

  it("one job's signature on another job's body is refused", async () => {
    const before = await stateOf(app);
    const url = `${app.url}/api/sync/worker`;
    const signature = await qstashJwt(bodyFor("/api/sync/worker", finishedJob), url);
    const response = await post("/api/sync/worker", bodyFor("/api/sync/worker", "j0000000000aa"), signature);
    seen.push(await transcript(response));
    expect(response.status).toBe(401);
    expect(await stateOf(app)).toEqual(before);
  });

  it("a signed step for a job that does not exist goes to the DLQ at once (489), running nothing", async () => {
    const before = await stateOf(app);
    const body = bodyFor("/api/sync/worker", "j0000000000aa");
    const response = await post(
      "/api/sync/worker",
      body,
      await qstashJwt(body, `${app.url}/api/sync/worker`),
    );
    seen.push(await transcript(response.clone()));
    expect(response.status).toBe(489);
    expect(response.headers.get("upstash-nonretryable-error")).toBe("true");
    expect(await stateOf(app)).toEqual(before);
  });

  it("a signed callback for a job that does not exist is a no-op", async () => {
    const before = await stateOf(app);
    const body = bodyFor("/api/sync/callback", "j0000000000aa");
    const response = await post(
      "/api/sync/callback",
      body,
      await qstashJwt(body, `${app.url}/api/sync/callback`),
    );
    seen.push(await transcript(response.clone()));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, ignored: "unknown job" });
    expect(await stateOf(app)).toEqual(before);
  });
});
