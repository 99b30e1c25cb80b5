import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE, verifySession } from "@/lib/auth";
import { isConfigError } from "@/lib/config";

/**
 * Refuses, before routing, requests Next itself would answer with a bare 500:
 * - a Server Action posted from another site: 403 (see foreignActionOrigin);
 * - a path that is not valid percent-encoding (`/%zz`, `/%E0%A4%A`): 400;
 * - a multipart POST that is not a Server Action form submission (Next decodes such a POST to any
 *   page, including the catch-all site page behind an unknown /api/ path, as one, and throws on
 *   anything else): 400. No route handler of the app takes multipart bodies.
 * The two 400s were found by tests/abuse/fuzz.test.ts.
 */
export async function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return badRequest("the URL's percent-encoding is malformed.");
  }
  const foreign = foreignActionOrigin(request);
  if (foreign) return crossSiteRefused(foreign);
  if (isMultipartPost(request) && !(await isServerActionForm(request))) {
    return badRequest("multipart form posts are accepted only from the app's own forms.");
  }
  if (await needsSignIn(request)) {
    return NextResponse.redirect(new URL("/admin/login", request.url), 307);
  }
  return NextResponse.next();
}

/**
 * A dashboard page asked for without a valid session. The pages check too (requireAdmin), but with
 * Cache Components a page streams, and its redirect() then arrives as a client-side redirect in a 200:
 * the 307 is decided here, before anything renders.
 */
async function needsSignIn(request: NextRequest): Promise<boolean> {
  const path = request.nextUrl.pathname;
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (!(path === "/admin" || path.startsWith("/admin/")) || path.startsWith("/admin/login")) return false;
  try {
    return !(await verifySession(request.cookies.get(SESSION_COOKIE)?.value));
  } catch (error) {
    // No secret configured: the login page says which variable to set. Redis down: the page decides.
    return isConfigError(error);
  }
}

/**
 * The Origin of a Server Action POST sent from another site, or null. Next refuses such a call too, but
 * by throwing (a bare 500); the dashboard's actions start syncs and sign people out, so a cross-site
 * post is answered 403 before it reaches them. Actions come as a POST with `next-action` (JavaScript)
 * or as a form post to a page (no JavaScript); a request without Origin is left to Next, as it does.
 */
function foreignActionOrigin(request: NextRequest): string | null {
  if (request.method !== "POST") return null;
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const formPost =
    !request.nextUrl.pathname.startsWith("/api/") &&
    (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded"));
  if (!request.headers.has("next-action") && !formPost) return null;
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  const host = (request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? "")
    .split(",")[0]!
    .trim()
    .toLowerCase();
  try {
    if (new URL(origin).host.toLowerCase() === host) return null;
  } catch {
    // "null" (a sandboxed frame, a privacy-sensitive redirect) or garbage: not this site.
  }
  return origin;
}

function crossSiteRefused(origin: string) {
  return NextResponse.json(
    {
      ok: false,
      error: `Forbidden: this form was posted from another site (Origin ${origin.slice(0, 200)}). Open the dashboard on this site and submit it there.`,
    },
    { status: 403, headers: { "cache-control": "no-store" } },
  );
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

/*
 * Where the proxy runs. Not on a site page's plain GET: a cached view must not pay for a proxy run
 * (on Vercel each run is an invocation). It runs on the dashboard and the APIs, on any path with a "%"
 * (the percent-encoding check), and on every request with a body (a Content-Type header: Server Action
 * and form posts, multipart or not, to any path).
 */
export const config = {
  matcher: [
    "/admin/:path*",
    "/api/:path*",
    "/:path(.*%.*)",
    { source: "/:path*", has: [{ type: "header", key: "content-type" }] },
    { source: "/:path*", has: [{ type: "header", key: "next-action" }] },
  ],
};
