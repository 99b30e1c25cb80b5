import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EmptySite } from "./empty-site";

describe("the empty site's page", () => {
  it("tells a developer on the local cloud how to run the first sync", () => {
    const html = renderToStaticMarkup(
      <EmptySite env={{ NODE_ENV: "production", KV_REST_API_URL: "http://127.0.0.1:8079" }} />,
    );
    expect(html).toContain("<h1>Nothing has been synced yet</h1>");
    expect(html).toContain("<code>npm run sync</code>");
    expect(html).toContain('href="/admin"');
  });

  it("shows real readers only that nothing is published, with no developer instructions", () => {
    const html = renderToStaticMarkup(
      <EmptySite
        env={{ NODE_ENV: "production", KV_REST_API_URL: "https://eu1-fine-cat-12345.upstash.io" }}
      />,
    );
    expect(html).toContain("<h1>Nothing published yet</h1>");
    expect(html).not.toMatch(/npm run|SYNC_SECRET|admin/);
  });
});
