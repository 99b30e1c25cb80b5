import { type Client, isFullBlock, isFullPage } from "@notionhq/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS, type NotionEmulator, blocks } from "../../dev/notion";
import { TEST_EPOCH, sdkClient, startTestEmulator } from "../../dev/notion/test-support";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const TTL = 60_000;

let emulator: NotionEmulator;
let notion: Client;

beforeEach(async () => {
  emulator = await startTestEmulator({ fileTtlMs: TTL });
  notion = sdkClient(emulator);
});
afterEach(() => emulator.close());

async function hostedImage(blockId: string): Promise<{ url: string; expiry_time: string }> {
  const block = await notion.blocks.retrieve({ block_id: blockId });
  if (!isFullBlock(block) || block.type !== "image" || block.image.type !== "file") {
    throw new Error("expected a Notion-hosted image");
  }
  return block.image.file;
}

describe("Notion-hosted files", () => {
  it("serves a real PNG until expiry_time, then 403 AccessDenied", async () => {
    const file = await hostedImage(DEMO_IDS.hostedImage);
    expect(file.url.startsWith(`${emulator.url}/__files/`)).toBe(true);
    expect(file.expiry_time).toBe(new Date(TEST_EPOCH + TTL).toISOString());
    const ok = await fetch(file.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await ok.arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);

    emulator.clock.advance(TTL + 1);
    const expired = await fetch(file.url);
    expect(expired.status).toBe(403);
    expect(expired.headers.get("content-type")).toBe("application/xml");
    expect(await expired.text()).toContain("<Code>AccessDenied</Code>");
  });

  it("mints a fresh, working URL on every fetch of the owning block", async () => {
    const first = await hostedImage(DEMO_IDS.hostedImage);
    emulator.clock.advance(TTL + 1);
    const second = await hostedImage(DEMO_IDS.hostedImage);
    expect(second.url).not.toBe(first.url);
    expect(Date.parse(second.expiry_time)).toBeGreaterThan(Date.parse(first.expiry_time));
    expect((await fetch(first.url)).status).toBe(403);
    expect((await fetch(second.url)).status).toBe(200);
    const third = await hostedImage(DEMO_IDS.hostedImage);
    expect(third.url).not.toBe(second.url);
  });

  it("rejects a tampered signature", async () => {
    const { url } = await hostedImage(DEMO_IDS.hostedImage);
    const tampered = url.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === "0" ? "1" : "0"}`);
    expect((await fetch(tampered)).status).toBe(403);
  });

  it("serves hosted covers, file icons and file blocks; external files stay external", async () => {
    const about = await notion.pages.retrieve({ page_id: DEMO_IDS.about });
    if (!isFullPage(about)) throw new Error("expected a full page");
    expect(about.cover?.type).toBe("file");
    const coverUrl = about.cover?.type === "file" ? about.cover.file.url : "";
    expect((await fetch(coverUrl)).status).toBe(200);

    const changelog = await notion.pages.retrieve({ page_id: DEMO_IDS.changelog });
    const icon = isFullPage(changelog) ? changelog.icon : null;
    expect(icon?.type).toBe("file");
    expect((await fetch(icon?.type === "file" ? icon.file.url : "")).status).toBe(200);

    const file = await notion.blocks.retrieve({ block_id: DEMO_IDS.fileBlock });
    expect(file).toMatchObject({ type: "file", file: { type: "file", name: "architecture.png" } });

    const external = await notion.blocks.retrieve({ block_id: DEMO_IDS.externalImage });
    if (!isFullBlock(external) || external.type !== "image" || external.image.type !== "external") {
      throw new Error("expected an external image");
    }
    const res = await fetch(external.image.external.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(emulator.requests.counts().files).toBe(3);
  });

  it("takes new hosted files through the mutation API and honours setFileTtl", async () => {
    const fileId = emulator.workspace.addHostedFile({ name: "chart.png" });
    const [blockId] = emulator.workspace.appendBlocks(DEMO_IDS.about, [
      blocks.hostedImage(fileId, "A chart"),
    ]);
    emulator.setFileTtl(1_000);
    const image = await hostedImage(blockId ?? "");
    expect(image.url).toContain("/chart.png?");
    expect((await fetch(image.url)).status).toBe(200);
    emulator.clock.advance(1_001);
    expect((await fetch(image.url)).status).toBe(403);
  });
});
