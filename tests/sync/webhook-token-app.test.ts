import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, SESSION_COOKIE } from "@/lib/auth";
import { startTestApp, type TestApp } from "../helpers/app";

/**
 * Issue 10 §5: Notion shows the webhook verification token nowhere, so the app keeps the one its
 * handshake carried and shows it to a signed-in owner — never in logs or public responses.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
}, 180_000);
afterAll(() => app?.close());

describe("the webhook verification token", () => {
  it("is shown on the signed-in overview, and nowhere else", async () => {
    const token = `secret_${randomBytes(20).toString("hex")}`;
    const reply = await fetch(`${app.url}/api/notion/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ verification_token: token }),
    });
    expect(reply.status).toBe(200);
    expect(await reply.text()).not.toContain(token);

    const session = await createSession({ SYNC_SECRET: app.secret });
    const signedIn = await fetch(`${app.url}/admin`, { headers: { cookie: `${SESSION_COOKIE}=${session}` } });
    expect(signedIn.status).toBe(200);
    const html = await signedIn.text();
    expect(html).toContain("Webhook verification token received at");
    expect(html).toMatch(new RegExp(`<details>.*${token}.*</details>`, "s"));

    const anonymous = await fetch(`${app.url}/admin`, { redirect: "manual" });
    expect(anonymous.status).toBeGreaterThanOrEqual(300);
    expect(await anonymous.text()).not.toContain(token);
    for (const path of ["/", "/api/admin/overview"]) {
      expect(await (await fetch(`${app.url}${path}`)).text(), path).not.toContain(token);
    }
    expect(app.logs.some((line) => line.includes("notion_webhook_verification"))).toBe(true);
    expect(app.logs.filter((line) => line.includes(token))).toEqual([]);
  });
});
