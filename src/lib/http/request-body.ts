import { z } from "zod";

/** Larger bodies are refused before they are parsed (the trigger's parameters are a few bytes). */
export const MAX_TRIGGER_BODY_BYTES = 16 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
  readonly code = "body_too_large";
}

/** The body as text, reading at most `maxBytes`: a larger body stops the read and throws. */
export async function readCappedText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const refuse = () => new BodyTooLargeError(`The body is larger than ${maxBytes} bytes.`);
  if (declared > maxBytes) throw refuse();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw refuse();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const FLAG_VALUES = ["1", "0", "true", "false", "yes", "no"] as const;

export const TriggerInput = z
  .object({
    force: z
      .union([z.boolean(), z.enum([...FLAG_VALUES, ""])], {
        message: `must be one of ${FLAG_VALUES.join(", ")} (or true/false in JSON)`,
      })
      .transform((v) => v === true || v === "1" || v === "true" || v === "yes")
      .optional()
      .default(false),
    page: z
      .string({ message: "must be a page slug or Notion page id" })
      .trim()
      .min(1, "must not be empty")
      .max(300, "is too long")
      .regex(/^[\p{L}\p{N}/_-]+$/u, "must be a page slug (like blog/my-post) or a Notion page id")
      .optional(),
    source: z
      .enum(["manual", "cli", "dashboard"], { message: "must be one of manual, cli, dashboard" })
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.force && input.page) {
      ctx.addIssue({
        code: "custom",
        path: ["force"],
        message: "cannot be combined with page: a page sync refetches that one page; send one or the other",
      });
    }
  });
export type TriggerInput = z.infer<typeof TriggerInput>;

const INPUT_KEYS = ["force", "page", "source"] as const;
/** Form fields the trigger accepts (`secret` is the seed's way of sending the secret). */
const FORM_KEYS = new Set<string>([...INPUT_KEYS, "secret"]);

export type ReadInput =
  { ok: true; raw: Record<string, unknown> } | { ok: false; status: 400 | 415; error: string };

function copyParams(from: URLSearchParams, into: Record<string, unknown>): void {
  for (const key of INPUT_KEYS) {
    const value = from.get(key);
    if (value !== null) into[key] = value;
  }
}

/**
 * Query parameters merged with the POST body: a JSON object, or form fields (`curl -d force=1`, an HTML
 * form). JSON sent with a form content type (`curl -d '{"force":true}'`) is refused with 415 rather than
 * silently read as no parameters, and so is any other body that is not what it claims to be.
 */
export function readTriggerInput(request: Request, text: string): ReadInput {
  const raw: Record<string, unknown> = {};
  copyParams(new URL(request.url).searchParams, raw);
  if (request.method !== "POST" || !text.trim()) return { ok: true, raw };
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/x-www-form-urlencoded") {
    if (/^\s*[[{]/.test(text)) {
      return {
        ok: false,
        status: 415,
        error:
          "The body is JSON but its Content-Type is application/x-www-form-urlencoded (curl -d sends that): add -H 'content-type: application/json', or send form fields like force=1 or page=about.",
      };
    }
    const form = new URLSearchParams(text);
    const unknown = [...form.keys()].filter((k) => !FORM_KEYS.has(k));
    if (unknown.length > 0) {
      return {
        ok: false,
        status: 400,
        error: `Bad request: unknown form field ${unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(", ")}; the fields are force and page.`,
      };
    }
    copyParams(form, raw);
    return { ok: true, raw };
  }
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && !Array.isArray(body))
      return { ok: true, raw: { ...raw, ...body } };
  } catch {
    // reported below
  }
  return {
    ok: false,
    status: 400,
    error: 'Bad request: the body must be a JSON object like {"force":true}.',
  };
}
