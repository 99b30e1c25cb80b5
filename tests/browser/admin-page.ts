import type { Page } from "playwright-core";
import { expect } from "vitest";
import { until } from "./chromium";
import { SESSION_COOKIE } from "@/lib/auth";

// What the dashboard tests do with a page, named after what a person does.

export async function badgeText(p: Page): Promise<string> {
  return (await p.locator("#job-status .badge").textContent()) ?? "";
}

export async function waitForCompleted(p: Page, timeoutMs = 240_000): Promise<void> {
  await until(
    "the job to complete",
    async () => ((await badgeText(p)).includes("Completed") ? true : undefined),
    timeoutMs,
  );
}

export async function signIn(p: Page, secret: string, lands: RegExp = /\/admin$/): Promise<void> {
  await p.getByLabel("Sync secret").fill(secret);
  await Promise.all([p.waitForURL(lands), p.getByRole("button", { name: "Sign in" }).click()]);
}

export function cookieHeader(token: string): Record<string, string> {
  return { cookie: `${SESSION_COOKIE}=${token}` };
}

/** What a visitor without (valid) session gets from each admin surface. */
export async function expectRefused(appUrl: string, headers: Record<string, string>): Promise<void> {
  for (const path of ["/admin", "/admin/jobs", "/admin/dlq"]) {
    const response = await fetch(`${appUrl}${path}`, { headers, redirect: "manual" });
    expect(response.status, path).toBeGreaterThanOrEqual(300);
    expect(response.status, path).toBeLessThan(400);
    expect(new URL(response.headers.get("location") ?? "", appUrl).pathname, path).toBe("/admin/login");
  }
  for (const path of ["/api/admin/overview", "/api/admin/dlq", "/api/sync/jobs"]) {
    const response = await fetch(`${appUrl}${path}`, { headers });
    expect(response.status, path).toBe(401);
    expect(await response.json(), path).toMatchObject({ ok: false });
  }
}
