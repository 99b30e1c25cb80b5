/**
 * Abuse: the sync secret. Missing, wrong, wrong length, near misses, in every accepted place
 * (Bearer, x-sync-secret, ?secret=) on every route behind it → exactly 401, and nothing runs or
 * changes. The comparison is constant-time. The secret never appears in a response or a log line.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeEqual } from "@/lib/auth";
import { startTestApp, waitForJob, type TestApp } from "../helpers/app";
import { closeStateReader, expectNoSecrets, stateOf, transcript } from "./abuse-kit";

let app: TestApp;
const seen: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  expectNoSecrets(app, seen, "responses");
  expectNoSecrets(app, app.logs, "the app's log");
  await closeStateReader();
  await app.close();
});

const routes: [method: string, path: string][] = [
  ["GET", "/api/sync/trigger"],
  ["POST", "/api/sync/trigger"],
  ["GET", "/api/sync/jobs"],
  ["GET", "/api/sync/jobs/j0000000000aa"],
  ["GET", "/api/sync"],
  ["GET", "/api/admin/overview"],
  ["GET", "/api/admin/dlq"],
];

function wrongSecrets(real: string): [string, string][] {
  return [
    ["a wrong secret of the same length", real.replace(/.$/, (c) => (c === "a" ? "b" : "a"))],
    ["a shorter secret (a prefix)", real.slice(0, -1)],
    ["a longer secret (the real one plus a character)", `${real}x`],
    ["a very long secret", real.repeat(200)],
    ["the secret in upper case", real.toUpperCase()],
    ["one character", "x"],
    ["unicode", "sécret-ü-日本-🔑-".repeat(3)],
    ["the CRON-style prefix only", "Bearer"],
  ];
}

type Placement = [
  name: string,
  place: (secret: string) => { headers: Record<string, string>; query: string },
];
const placements: Placement[] = [
  ["Authorization: Bearer", (s) => ({ headers: { authorization: `Bearer ${s}` }, query: "" })],
  ["x-sync-secret", (s) => ({ headers: { "x-sync-secret": s }, query: "" })],
  ["?secret=", (s) => ({ headers: {}, query: `?secret=${encodeURIComponent(s)}` })],
];

async function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  query = "",
): Promise<Response> {
  // Header values must be bytes: non-Latin-1 secrets go URL-encoded, as a client would have to send them.
  const safe = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, /^[\x20-\x7e]*$/.test(v) ? v : encodeURIComponent(v)]),
  );
  return fetch(`${app.url}${path}${query}`, {
    method,
    headers: safe,
    ...(method === "POST" ? { body: "{}" } : {}),
  });
}

describe("refused without the right secret: 401, nothing runs or changes", () => {
  for (const [method, path] of routes) {
    it(`${method} ${path}: no secret, an empty one, and wrong ones in every place`, async () => {
      const before = await stateOf(app);
      const kvCommands = app.kv.commandCount();
      const attempts: [string, Response][] = [
        ["no secret", await send(method, path, {})],
        ["an empty Bearer", await send(method, path, { authorization: "Bearer " })],
        ["an empty x-sync-secret", await send(method, path, { "x-sync-secret": "" })],
        ["an empty ?secret=", await send(method, path, {}, "?secret=")],
        [
          "Basic auth with the secret",
          await send(method, path, { authorization: `Basic ${btoa(`admin:${app.secret}`)}` }),
        ],
      ];
      for (const [what, secret] of wrongSecrets(app.secret)) {
        for (const [where, place] of placements) {
          const { headers, query } = place(secret);
          attempts.push([`${what} as ${where}`, await send(method, path, headers, query)]);
        }
      }
      for (const [what, response] of attempts) {
        const text = await transcript(response);
        seen.push(text);
        expect(response.status, `${what}: ${text}`).toBe(401);
      }
      expect(app.kv.commandCount()).toBe(kvCommands);
      expect(await stateOf(app)).toEqual(before);
    });
  }
});

describe("accepted with the right secret in each place", () => {
  it("trigger, status and list answer, and no response carries the secret", async () => {
    let jobId = "";
    for (const [where, place] of placements) {
      const { headers, query } = place(app.secret);
      const trigger = await send("POST", "/api/sync/trigger", headers, query);
      const text = await transcript(trigger.clone());
      seen.push(text);
      expect(trigger.status, `${where}: ${text}`).toBe(202);
      jobId = String(((await trigger.json()) as { jobId: string }).jobId);
      for (const path of ["/api/sync/jobs", `/api/sync/jobs/${jobId}`]) {
        const response = await send("GET", path, headers, query);
        seen.push(await transcript(response.clone()));
        expect(response.status, `${where} ${path}`).toBe(200);
      }
    }
    expect((await waitForJob(app, jobId)).status).toBe("completed");
  });

  it("a bad parameter next to the right secret is a 400 that does not echo the secret", async () => {
    const response = await send(
      "GET",
      "/api/sync/trigger",
      {},
      `?secret=${app.secret}&page=${encodeURIComponent("<script>")}`,
    );
    const text = await transcript(response);
    seen.push(text);
    expect(response.status).toBe(400);
  });
});

describe("the comparison is constant-time", () => {
  it("compares fixed-length digests, so lengths neither matter nor throw", () => {
    const secret = "a-secret-of-some-length-123456";
    expect(safeEqual(secret, secret)).toBe(true);
    expect(safeEqual(secret, `${secret}x`)).toBe(false);
    expect(safeEqual(secret, secret.slice(0, -1))).toBe(false);
    expect(safeEqual(secret, "")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual(secret, secret.repeat(1000))).toBe(false);
    expect(safeEqual("日本", "日本")).toBe(true);
  });

  it("every secret check goes through timingSafeEqual over SHA-256 digests (source check)", () => {
    const auth = readFileSync("src/lib/auth.ts", "utf8");
    expect(auth).toMatch(/timingSafeEqual\(\s*ha,\s*hb\s*\)/);
    expect(auth).toMatch(/createHash\("sha256"\)\.update\(a\)/);
    // hasValidSecret compares every accepted secret with safeEqual, never with === or a short-circuit.
    const check = auth.slice(
      auth.indexOf("export function hasValidSecret"),
      auth.indexOf("export const SESSION_COOKIE"),
    );
    expect(check).toMatch(/secrets\.map\(\(s\) => safeEqual\(presented, s\)\)\.some\(Boolean\)/);
    expect(check).not.toMatch(/===|!==|\.includes\(|\.indexOf\(/);
    for (const file of ["src/lib/admin/secret-check.ts", "src/lib/http/notion-webhook.ts"]) {
      const source = readFileSync(file, "utf8");
      expect(source, file).toMatch(/safeEqual\(/);
    }
  });
});
