/**
 * Abuse: no route fetches a URL taken from a request. Requests to every route carry a canary server's
 * URL in every field, query parameter and header a careless app might follow (callback, notify, URL,
 * forwarded host…), some with the valid secret so a real job runs. The only outbound calls go to
 * configured hosts: the notification to SYNC_NOTIFY_URL (a recording server), QStash deliveries to
 * APP_URL; the canary never hears from the app.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecordingDestination, type RecordingDestination } from "../../dev/qstash/recording-destination";
import { startTestApp, waitForJob, type TestApp } from "../helpers/app";
import { expectNoSecrets, transcript } from "./abuse-kit";

let app: TestApp;
let canary: RecordingDestination;
let notify: RecordingDestination;
const seen: string[] = [];

beforeAll(async () => {
  canary = await startRecordingDestination();
  notify = await startRecordingDestination();
  app = await startTestApp({ env: { SYNC_NOTIFY_URL: notify.urlFor("/hook") } });
});
afterAll(async () => {
  expectNoSecrets(app, seen, "responses");
  await app.close();
  await canary.close();
  await notify.close();
});

const bait = () => canary.urlFor("/bait");
const baitHost = () => new URL(canary.url).host;

/** Every header a proxy, a webhook library or a QStash-aware handler might take a URL from. */
function baitHeaders(): Record<string, string> {
  return {
    "upstash-callback": bait(),
    "upstash-failure-callback": bait(),
    "upstash-forward-callback": bait(),
    "x-callback-url": bait(),
    "x-notify-url": bait(),
    "x-forwarded-host": baitHost(),
    "x-forwarded-proto": "http",
    forwarded: `host=${baitHost()};proto=http`,
    "x-original-url": bait(),
    "x-rewrite-url": bait(),
    referer: bait(),
    origin: canary.url,
    location: bait(),
  };
}

function baitQuery(extra = ""): string {
  const keys = [
    "url",
    "callback",
    "notify",
    "notifyUrl",
    "redirect",
    "next",
    "webhook",
    "workerUrl",
    "field",
    "src",
  ];
  return `?${keys.map((k) => `${k}=${encodeURIComponent(bait())}`).join("&")}${extra}`;
}

function baitBody(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    url: bait(),
    callback: bait(),
    failureCallback: bait(),
    notifyUrl: bait(),
    workerUrl: bait(),
    destination: bait(),
    entity: { id: bait(), type: "page" },
    type: "page.content_updated",
    ...extra,
  });
}

async function call(method: string, path: string, headers: Record<string, string>, body?: string) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...baitHeaders(), ...headers },
    ...(body !== undefined ? { body } : {}),
    redirect: "manual",
  });
  const text = await transcript(response.clone());
  seen.push(text);
  expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(500);
  return response;
}

describe("no route fetches a URL from a request", () => {
  it("bait in every field of every route reaches no server but the configured ones", async () => {
    const auth = { authorization: `Bearer ${app.secret}` };
    const anonymous = {};
    // A real job, triggered with bait everywhere: it runs and notifies, but only where configured.
    const trigger = await call(
      "POST",
      `/api/sync/trigger${baitQuery("&force=1")}`,
      auth,
      baitBody({ force: true }),
    );
    expect(trigger.status).toBe(202);
    const triggered = (await trigger.json()) as { jobId: string; workerUrl: string; statusUrl: string };
    expect(triggered.workerUrl).toBe(`${app.url}/api/sync/worker`);
    expect(triggered.statusUrl.startsWith(app.url)).toBe(true);
    // A page given as a URL is a bad parameter, not something to fetch.
    expect((await call("POST", "/api/sync/trigger", auth, JSON.stringify({ page: bait() }))).status).toBe(
      400,
    );

    const routes: [string, string, Record<string, string>, string | undefined][] = [
      ["GET", `/api/sync/trigger${baitQuery()}`, auth, undefined],
      ["GET", `/api/sync/jobs${baitQuery()}`, auth, undefined],
      ["GET", `/api/sync/jobs/${triggered.jobId}${baitQuery()}`, auth, undefined],
      ["POST", `/api/sync/worker${baitQuery()}`, anonymous, baitBody({ jobId: triggered.jobId, step: 1 })],
      ["POST", `/api/sync/callback${baitQuery()}`, anonymous, baitBody({ sourceBody: btoa(bait()) })],
      ["POST", `/api/notion/webhook${baitQuery()}`, { "x-notion-signature": "sha256=00" }, baitBody()],
      ["POST", `/api/notion/webhook`, anonymous, JSON.stringify({ verification_token: bait() })],
      ["GET", `/api/files/00000000-0000-0000-0000-000000000000${baitQuery()}`, anonymous, undefined],
      ["GET", `/api/admin/overview${baitQuery()}`, auth, undefined],
      ["GET", `/api/admin/dlq${baitQuery()}`, auth, undefined],
      ["GET", `/admin${baitQuery()}`, anonymous, undefined],
      ["GET", `/admin/login${baitQuery()}`, anonymous, undefined],
      ["GET", `/${baitQuery()}`, anonymous, undefined],
      ["GET", `/sitemap.xml${baitQuery()}`, anonymous, undefined],
      ["GET", `/robots.txt${baitQuery()}`, anonymous, undefined],
      ["GET", `/_next/image${baitQuery("&w=64&q=75")}`, anonymous, undefined],
    ];
    for (const [method, path, headers, body] of routes) await call(method, path, headers, body);

    const job = await waitForJob(app, triggered.jobId);
    expect(job.status).toBe("completed");
    await app.qstash.waitForIdle({ timeoutMs: 20_000 });
    await notify.waitFor(1, { timeoutMs: 10_000 });

    expect(canary.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // The notification went to SYNC_NOTIFY_URL, once, about this job.
    expect(notify.requests).toHaveLength(1);
    expect(notify.requests[0]!.path).toBe("/hook");
    expect(notify.requests[0]!.body.toString("utf8")).toContain(triggered.jobId);
    // Every QStash delivery went to the app's own configured URL.
    const targets = new Set(app.qstash.deliveries().map((d) => new URL(d.url).origin));
    expect([...targets]).toEqual([app.url]);
    console.info(
      `[abuse] ssrf: ${routes.length + 2} requests with bait in ${Object.keys(baitHeaders()).length} headers, ` +
        `10 query parameters and 8 body fields; canary hits 0; notify hits ${notify.requests.length}`,
    );
  });
});
