import { errorResponse, fail, json, unauthorized } from "../http/responses";
import { isAuthorized } from "../http/jobs";
import { isDeadLetterError, listDeadLetters } from "../queue/dlq";
import { getQueue } from "../queue/qstash";
import { getStore } from "../store/redis";
import { STORE_UNREACHABLE_MESSAGE } from "../store/unreachable";
import { loadOverview } from "./overview";

/** GET /api/admin/overview: the overview page's data as JSON (session cookie or the sync secret). */
export async function handleOverviewApi(request: Request): Promise<Response> {
  try {
    if (!(await isAuthorized(request))) return unauthorized();
    const overview = await loadOverview({ store: getStore(), queue: getQueue });
    if (overview.redisUnreachable) {
      return fail(503, STORE_UNREACHABLE_MESSAGE, { service: "redis", overview }, { "retry-after": "30" });
    }
    return json({ ok: true, overview });
  } catch (error) {
    return errorResponse(error);
  }
}

/** GET /api/admin/dlq?cursor=: one page of dead-lettered messages. */
export async function handleDeadLettersApi(request: Request): Promise<Response> {
  try {
    if (!(await isAuthorized(request))) return unauthorized();
    const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
    if (cursor !== undefined && !/^[\w-]{1,200}$/.test(cursor))
      return fail(400, "Bad request: invalid cursor.");
    const page = await listDeadLetters(getQueue(), { cursor });
    return json({ ok: true, ...page });
  } catch (error) {
    if (isDeadLetterError(error)) return fail(502, error.message);
    return errorResponse(error);
  }
}
