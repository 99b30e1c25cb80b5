import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hostedFile, startNotionFake, type NotionFake } from "@/lib/site/testing/notion-fake";
import { startUpstashRestFake, type UpstashRestFake } from "@/lib/site/testing/upstash-rest-fake";
import { GET } from "./route";

const BLOCK = "aa2b3c4d-0000-4000-8000-00000000000a";
const prefix = `test-route-${randomUUID().slice(0, 8)}`;
let notion: NotionFake;
let kv: UpstashRestFake;

beforeAll(async () => {
  [notion, kv] = await Promise.all([startNotionFake(), startUpstashRestFake()]);
  // The route builds its clients from the environment, exactly as in production.
  Object.assign(process.env, {
    NOTION_TOKEN: "ntn_route_test_token",
    NOTION_API_URL: notion.url,
    NOTION_ROOT_PAGE_ID: BLOCK,
    KV_REST_API_URL: kv.url,
    KV_REST_API_TOKEN: kv.token,
    KV_PREFIX: prefix,
  });
});
afterAll(async () => {
  await kv.dropPrefix(prefix);
  await Promise.all([notion.close(), kv.close()]);
});

function get(id: string, query = "") {
  return GET(new Request(`http://127.0.0.1:3000/api/files/${id}${query}`), {
    params: Promise.resolve({ blockId: id }),
  });
}

it("GET /api/files/{id} redirects to the file's current URL", async () => {
  notion.set("blocks", BLOCK, {
    object: "block",
    id: BLOCK,
    type: "pdf",
    pdf: {
      ...hostedFile("https://files.example/doc.pdf?sig=1", new Date(Date.now() + 3_600_000)),
      caption: [],
    },
  });
  const response = await get(BLOCK);
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe("https://files.example/doc.pdf?sig=1");
  expect(notion.requests.map((r) => [r.path, r.authorization])).toEqual([
    [`/v1/blocks/${BLOCK}`, "Bearer ntn_route_test_token"],
  ]);
  expect(kv.commands.some(([name, key]) => name === "SET" && key === `${prefix}:file:${BLOCK}:block`)).toBe(
    true,
  );
});

it("GET with a bad field answers 400", async () => {
  const response = await get(BLOCK, "?field=poster");
  expect(response.status).toBe(400);
});
