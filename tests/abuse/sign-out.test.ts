/**
 * Abuse: signing out and cross-site Server Actions, against the built app. The dashboard's forms are
 * posted the way a browser without JavaScript posts them (multipart, `$ACTION_ID_…` from the page's
 * own HTML). Signing out revokes the session on the server: a copied cookie is refused at once. A
 * Server Action posted from another site answers 403 with a reason, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@/lib/auth";
import { startTestApp, type TestApp } from "../helpers/app";
import { expectNoSecrets, transcript } from "./abuse-kit";

let app: TestApp;
const seen: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  expectNoSecrets(app, seen, "responses");
  expectNoSecrets(app, app.logs, "the app's log");
  await app.close();
});

async function get(path: string, cookie?: string): Promise<Response> {
  const response = await fetch(`${app.url}${path}`, {
    redirect: "manual",
    headers: cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {},
  });
  seen.push(await transcript(response.clone()));
  return response;
}

/** The action id of the form on `path` whose hidden field follows `marker` in the HTML. */
async function actionIdOn(path: string, marker: RegExp, cookie?: string): Promise<string> {
  const html = await (await get(path, cookie)).text();
  const from = html.search(marker);
  expect(from, `${marker} on ${path}`).toBeGreaterThanOrEqual(0);
  const id = /name="\$ACTION_ID_([0-9a-f]{40,})"/.exec(html.slice(from))?.[1];
  if (!id) throw new Error(`no Server Action form after ${marker} on ${path}`);
  return id;
}

/** Post a form the way a browser without JavaScript does, from `origin`. */
async function postForm(
  path: string,
  actionId: string,
  fields: Record<string, string>,
  { origin = app.url, cookie }: { origin?: string | null; cookie?: string } = {},
): Promise<Response> {
  const form = new FormData();
  form.set(`$ACTION_ID_${actionId}`, "");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const headers: Record<string, string> = {};
  if (origin !== null) headers.origin = origin;
  if (cookie) headers.cookie = `${SESSION_COOKIE}=${cookie}`;
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    body: form,
    headers,
    redirect: "manual",
  });
  seen.push(await transcript(response.clone()));
  return response;
}

function sessionCookieOf(response: Response): string | undefined {
  for (const line of response.headers.getSetCookie()) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line);
    if (match) return match[1];
  }
  return undefined;
}

async function signIn(): Promise<string> {
  const id = await actionIdOn("/admin/login", /<form/);
  const response = await postForm("/admin/login", id, { secret: app.secret });
  expect(response.status).toBe(303);
  expect(new URL(response.headers.get("location") ?? "", app.url).pathname).toBe("/admin");
  const cookie = sessionCookieOf(response);
  expect(cookie).toBeTruthy();
  return cookie!;
}

async function isSignedIn(cookie: string): Promise<boolean> {
  const api = await get("/api/admin/overview", cookie);
  const page = await get("/admin", cookie);
  const jobs = await get("/api/sync/jobs", cookie);
  const open = [api.status === 200, page.status === 200, jobs.status === 200];
  const refused = [
    api.status === 401,
    [303, 307, 308].includes(page.status) &&
      new URL(page.headers.get("location") ?? "", app.url).pathname === "/admin/login",
    jobs.status === 401,
  ];
  if (open.every(Boolean)) return true;
  if (refused.every(Boolean)) return false;
  throw new Error(`mixed answers: overview ${api.status}, /admin ${page.status}, jobs ${jobs.status}`);
}

const signOutId = (cookie: string) => actionIdOn("/admin", /admin-signout/, cookie);

describe("signing out revokes the session on the server", () => {
  it("a copied cookie works before sign-out and is refused at once after it", async () => {
    const cookie = await signIn();
    const copied = cookie; // what someone who saw the cookie could replay from another machine
    expect(await isSignedIn(copied)).toBe(true);

    const response = await postForm("/admin", await signOutId(cookie), {}, { cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/\/admin\/login\?notice=signed-out$/);
    expect(sessionCookieOf(response)).toBe(""); // the browser's copy is cleared as well

    expect(await isSignedIn(copied)).toBe(false);
    // Signing in again works, and the old cookie stays dead.
    const fresh = await signIn();
    expect(await isSignedIn(fresh)).toBe(true);
    expect(await isSignedIn(copied)).toBe(false);
  });

  it("posting sign-out without a session signs nobody out", async () => {
    const cookie = await signIn();
    const id = await signOutId(cookie);
    const response = await postForm("/admin", id, {});
    expect(response.status).toBe(303);
    expect(await isSignedIn(cookie)).toBe(true);
  });
});

describe("a Server Action posted from another site", () => {
  it("answers 403 with the reason, for a form post and a JavaScript call, and changes nothing", async () => {
    const cookie = await signIn();
    const id = await signOutId(cookie);
    for (const origin of ["https://attacker.example", "null", `${app.url}.attacker.example`]) {
      const form = await postForm("/admin", id, {}, { origin, cookie });
      expect(form.status, origin).toBe(403);
      expect(((await form.json()) as { error: string }).error).toMatch(/posted from another site/);
      expect(sessionCookieOf(form), origin).toBeUndefined();

      const call = await fetch(`${app.url}/admin`, {
        method: "POST",
        headers: {
          origin,
          cookie: `${SESSION_COOKIE}=${cookie}`,
          "next-action": id,
          "content-type": "text/plain;charset=UTF-8",
          accept: "text/x-component",
        },
        body: "[]",
      });
      seen.push(await transcript(call.clone()));
      expect(call.status, origin).toBe(403);
    }
    // Any action id, on any path: refused before Next looks it up.
    const anyId = await fetch(`${app.url}/some/page`, {
      method: "POST",
      headers: { origin: "https://attacker.example", "next-action": "0".repeat(42) },
      body: "[]",
    });
    seen.push(await transcript(anyId.clone()));
    expect(anyId.status).toBe(403);
    // The session survived every attempt.
    expect(await isSignedIn(cookie)).toBe(true);
  });

  it("a cross-site sign-in is refused too, and sets no cookie", async () => {
    const id = await actionIdOn("/admin/login", /<form/);
    const response = await postForm(
      "/admin/login",
      id,
      { secret: app.secret },
      { origin: "https://attacker.example" },
    );
    expect(response.status).toBe(403);
    expect(sessionCookieOf(response)).toBeUndefined();
  });

  it("the same forms from this site still work (the positive control)", async () => {
    const cookie = await signIn();
    const response = await postForm("/admin", await signOutId(cookie), {}, { cookie });
    expect(response.status).toBe(303);
    expect(await isSignedIn(cookie)).toBe(false);
  });
});
