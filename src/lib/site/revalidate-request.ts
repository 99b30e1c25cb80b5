import { z } from "zod";
import { hasValidSecret } from "../auth";
import { describeZod, errorResponse, fail, json, unauthorized } from "../http/responses";
import { revalidateSiteTags } from "./revalidation";

const RevalidateBody = z.object({
  tags: z.array(z.string().min(1).max(256)).min(1).max(20_000),
  generation: z.string().min(1).max(200).nullable().default(null),
});

/**
 * POST /api/revalidate (secret required): a publish made outside this process (the CLI's `--local`)
 * invalidates the pages it changed. Body: `{ "tags": [...], "generation": "..." }`.
 */
export async function handleRevalidate(request: Request): Promise<Response> {
  try {
    if (!hasValidSecret(request)) return unauthorized();
  } catch (error) {
    return errorResponse(error);
  }
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    return fail(400, 'Bad request: send a JSON body like {"tags":["page:<id>"],"generation":"<id>"}.');
  }
  const parsed = RevalidateBody.safeParse(raw);
  if (!parsed.success) return fail(400, `Bad request: ${describeZod(parsed.error)}`);
  revalidateSiteTags(parsed.data.tags, parsed.data.generation);
  return json({ ok: true, revalidated: new Set(parsed.data.tags).size });
}
