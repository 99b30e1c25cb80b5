import { NextResponse, type NextRequest } from "next/server";

/**
 * Refuses with 400, before routing, two kinds of request Next itself would answer with a bare 500
 * (both found by tests/abuse/fuzz.test.ts):
 * - a path that is not valid percent-encoding (`/%zz`, `/%E0%A4%A`);
 * - a multipart POST that is not a Server Action form submission (Next decodes such a POST to any
 *   page, including the catch-all site page behind an unknown /api/ path, as one, and throws on
 *   anything else). No route handler of the app takes multipart bodies.
 */
export async function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return badRequest("the URL's percent-encoding is malformed.");
  }
  if (isMultipartPost(request) && !(await isServerActionForm(request))) {
    return badRequest("multipart form posts are accepted only from the app's own forms.");
  }
  return NextResponse.next();
}

/** A multipart POST without the header a JavaScript Server Action call carries. */
function isMultipartPost(request: NextRequest): boolean {
  return (
    request.method === "POST" &&
    !request.headers.has("next-action") &&
    (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")
  );
}

/** A form submitted without JavaScript: a well-formed multipart body naming the action it calls. */
async function isServerActionForm(request: NextRequest): Promise<boolean> {
  try {
    const form = await request.formData();
    return [...form.keys()].some((key) => /^\$ACTION_ID_[0-9a-f]{40,}$/.test(key));
  } catch {
    return false;
  }
}

function badRequest(why: string) {
  return NextResponse.json(
    { ok: false, error: `Bad request: ${why}` },
    { status: 400, headers: { "cache-control": "no-store" } },
  );
}

export const config = { matcher: "/((?!_next/static|_next/image).*)" };
