import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, waitForJob, type TestApp } from "../helpers/app";
import { readManifest } from "@/lib/store/site-reader";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe("trigger → QStash → worker → Redis → site", () => {
  it("runs a triggered sync to completion in the background", async () => {
    const response = await fetch(`${app.url}/api/sync/trigger`, {
      method: "POST",
      headers: { authorization: `Bearer ${app.secret}` },
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ok: true, status: "queued", force: false, page: null });
    expect(body.workerUrl).toBe(`${app.url}/api/sync/worker`);
    expect(String(body.statusUrl)).not.toContain(app.secret);
    const job = await waitForJob(app, String(body.jobId));
    expect(job.status).toBe("completed");
    const manifest = await readManifest(app.store);
    expect(Object.keys(manifest?.entries ?? {}).length).toBeGreaterThan(20);
    const home = await fetch(`${app.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Home");
  });

  it("refuses a trigger without the secret", async () => {
    const response = await fetch(`${app.url}/api/sync/trigger`, { method: "POST" });
    expect(response.status).toBe(401);
  });
});
