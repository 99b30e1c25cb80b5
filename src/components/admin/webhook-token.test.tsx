import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WebhookTokenPanel } from "./webhook-token";

describe("WebhookTokenPanel", () => {
  it("shows the token inside a closed <details>, when it arrived, and how to use it", () => {
    const html = renderToStaticMarkup(
      <WebhookTokenPanel record={{ token: "secret_tok123", receivedAt: "2026-03-02T10:00:00.000Z" }} />,
    );
    expect(html).toMatch(/<details><summary>Show the token<\/summary>.*secret_tok123.*<\/details>/s);
    expect(html).not.toMatch(/<details open/);
    expect(html).toContain('dateTime="2026-03-02T10:00:00.000Z"');
    expect(html).toContain("NOTION_WEBHOOK_SECRET");
    expect(html).toContain("Verify");
  });

  it("renders nothing when no handshake arrived in the last day", () => {
    expect(renderToStaticMarkup(<WebhookTokenPanel record={null} />)).toBe("");
  });
});
