import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_IDS } from "../../dev/notion";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { GET } from "@/app/api/files/[blockId]/route";

const BLOCK = DEMO_IDS.fileBlock; // a Notion-hosted file (architecture.png) in the demo workspace
const TOKEN = "ntn_route_test_token";
// The Notion emulator (accepting only TOKEN) and the KV emulator, under a unique key prefix.
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ token: TOKEN });
  // The route builds its clients from the environment, exactly as in production.
  Object.assign(process.env, {
    NOTION_TOKEN: TOKEN,
    NOTION_API_URL: cloud.notion.url,
    NOTION_ROOT_PAGE_ID: DEMO_IDS.home,
    KV_REST_API_URL: cloud.kv.url,
    KV_REST_API_TOKEN: cloud.kv.token,
    KV_PREFIX: cloud.prefix,
  });
});
afterAll(() => cloud?.close());

function get(id: string, query = "") {
  return GET(new Request(`http://127.0.0.1:3000/api/files/${id}${query}`), {
    params: Promise.resolve({ blockId: id }),
  });
}

it("GET /api/files/{id} redirects to the file's current URL", async () => {
  const response = await get(BLOCK);
  expect(response.status).toBe(302);
  const location = response.headers.get("location") ?? "";
  expect(location.startsWith(`${cloud.notion.url}/__files/${DEMO_IDS.diagramFile}/architecture.png?`)).toBe(
    true,
  );
  // One blocks.retrieve, answered 200: the emulator accepts only `Authorization: Bearer ${TOKEN}`.
  expect(cloud.notion.requests.entries().map((e) => [e.method, e.path, e.status])).toEqual([
    ["GET", `/v1/blocks/${BLOCK}`, 200],
  ]);
  // The URL is cached under the configured prefix for the next reader.
  const cached = await cloud.store.redis.get<string>(`${cloud.prefix}:file:${BLOCK}:block`);
  expect(JSON.parse(cached ?? "null")).toMatchObject({ url: location });
});

it("GET with a bad field answers 400", async () => {
  cloud.notion.requests.reset();
  const response = await get(BLOCK, "?field=poster");
  expect(response.status).toBe(400);
  expect(cloud.notion.requests.counts().total).toBe(0);
});
