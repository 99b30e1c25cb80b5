/**
 * Abuse: the admin session. The dashboard pages and the status/admin APIs without a session, or with
 * a forged, expired, tampered or unsigned session cookie, are refused (401 for APIs, a redirect to the
 * login page for pages) and change nothing; a valid session works (the positive control).
 */
import { createHash, randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, SESSION_COOKIE } from "@/lib/auth";
import { startTestApp, syncThroughApp, type TestApp } from "../helpers/app";
import { closeStateReader, expectNoSecrets, stateOf, transcript, unsignedJwt } from "./abuse-kit";

let app: TestApp;
let realJob = "";
const seen: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  // A finished job, so there is data the refused pages must not show.
  const job = await syncThroughApp(app);
  expect(job.status).toBe("completed");
  realJob = job.id;
});
afterAll(async () => {
  expectNoSecrets(app, seen, "responses");
  expectNoSecrets(app, app.logs, "the app's log");
  await closeStateReader();
  await app.close();
});

const env = () => ({ SYNC_SECRET: app.secret });
const hour = 3600_000;

/** A token made like the app's, with the key derived from `secret` and any claims. */
async function token(secret: string, claims: Record<string, unknown>, expiresInS = 3600): Promise<string> {
  const key = createHash("sha256").update(`notion-sync admin session\0${secret}`).digest();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInS)
    .sign(key);
}

const badCookies: [string, () => Promise<string>][] = [
  ["garbage", () => Promise.resolve("garbage")],
  ["an empty value", () => Promise.resolve("")],
  ["signed with another secret", () => token(`other-${randomBytes(12).toString("hex")}`, { role: "admin" })],
  [
    "signed with a random key",
    () =>
      new SignJWT({ role: "admin" })
        .setProtectedHeader({ alg: "HS256" })
        .setExpirationTime("1h")
        .sign(randomBytes(32)),
  ],
  ["expired (made 13 h ago)", () => createSession(env(), Date.now() - 13 * hour)],
  ["issued in the future and expired", () => token(app.secret, { role: "admin" }, -60)],
  ["without the admin role", () => token(app.secret, { role: "viewer" })],
  [
    "unsigned (alg none)",
    () => Promise.resolve(unsignedJwt({ role: "admin", exp: Math.floor(Date.now() / 1000) + 3600 })),
  ],
  [
    "with a tampered payload",
    async () => {
      const [h, , s] = (await createSession(env())).split(".");
      return `${h}.${Buffer.from(JSON.stringify({ role: "admin", exp: 9_999_999_999 })).toString("base64url")}.${s}`;
    },
  ],
];

const apis = ["/api/sync/jobs", "/api/sync/jobs/:job", "/api/admin/overview", "/api/admin/dlq"];
const pages = ["/admin", "/admin/jobs", "/admin/jobs/:job", "/admin/dlq"];

async function get(path: string, cookie?: string): Promise<Response> {
  return fetch(`${app.url}${path}`, {
    redirect: "manual",
    headers: cookie === undefined ? {} : { cookie: `${SESSION_COOKIE}=${cookie}` },
  });
}

async function expectRefused(template: string, cookie?: string) {
  const path = template.replace(":job", realJob);
  const response = await get(path, cookie);
  const text = await transcript(response.clone());
  seen.push(text);
  if (path.startsWith("/api/")) {
    expect(response.status, `${path}: ${text}`).toBe(401);
  } else {
    expect([303, 307, 308], `${path}: ${text}`).toContain(response.status);
    expect(new URL(response.headers.get("location") ?? "", app.url).pathname).toBe("/admin/login");
    // Nothing from the store: no job status, and no job id beyond the one in the URL itself.
    const html = await response.text();
    expect(html).not.toMatch(/completed|running|failed/i);
    if (!template.includes(":job")) expect(html).not.toContain(realJob);
  }
}

describe("refused without a valid session", () => {
  for (const path of [...apis, ...pages]) {
    it(`${path}: no cookie, and every bad cookie`, async () => {
      const before = await stateOf(app);
      await expectRefused(path);
      for (const [, make] of badCookies) await expectRefused(path, await make());
      expect(await stateOf(app)).toEqual(before);
    });
  }
});

describe("a valid session (the positive control)", () => {
  it("opens the APIs and the dashboard", async () => {
    const cookie = await createSession(env());
    for (const path of ["/api/sync/jobs", "/api/admin/overview"]) {
      const response = await get(path, cookie);
      seen.push(await transcript(response.clone()));
      expect(response.status, path).toBe(200);
    }
    const dashboard = await get("/admin", cookie);
    seen.push(await transcript(dashboard.clone()));
    expect(dashboard.status).toBe(200);
  });

  it("the login page itself is public and shows no data", async () => {
    const response = await get("/admin/login");
    const text = await transcript(response.clone());
    seen.push(text);
    expect(response.status).toBe(200);
  });
});
