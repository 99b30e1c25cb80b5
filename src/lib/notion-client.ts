import { notionConfig } from "./config";
import { NotionApi } from "./notion/api";
import { notionPauseStore } from "./store/notion-pause";
import { getStore } from "./store/redis";

let shared: NotionApi | undefined;

/**
 * The process's one Notion client, built from the environment: one throttle and one rate budget for
 * every sync step and file lookup it serves. Callers open their own `session({ deadline })` of it, so
 * deadlines and counters never leak between them.
 */
export function getNotionApi(): NotionApi {
  if (shared) return shared;
  const notion = notionConfig();
  shared = new NotionApi({
    token: notion.token,
    apiUrl: notion.apiUrl,
    ratePerSecond: notion.ratePerSecond,
    burst: notion.burst,
    concurrency: notion.concurrency,
    timeoutMs: notion.timeoutMs,
    notionVersion: notion.apiVersion,
    sharedPause: notionPauseStore(getStore()),
  });
  return shared;
}
