import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { createSession, SESSION_COOKIE, sessionCookieOptions, verifySession } from "../auth";
import { isConfigError } from "../config";
import { getStore } from "../store/redis";
import { bumpSessionVersion, readSessionVersion } from "../store/sessions";

export const LOGIN_PATH = "/admin/login";

/** True when the request carries a valid, unexpired admin session cookie. */
export async function hasAdminSession(): Promise<boolean> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return verifySession(token);
}

/**
 * Every admin page and Server Action calls this first: a layout check alone is not enough, because
 * actions can be posted directly and layouts are not re-run on every navigation.
 */
export async function requireAdmin(): Promise<void> {
  let signedIn = false;
  try {
    signedIn = await hasAdminSession();
  } catch (error) {
    // No secret configured: the login page explains which variable to set.
    if (!isConfigError(error)) throw error;
  }
  if (!signedIn) redirect(LOGIN_PATH);
}

/** Set the session cookie (only possible in a Server Action or route handler). */
export async function startAdminSession(): Promise<void> {
  const version = await readSessionVersion(getStore());
  (await cookies()).set(
    SESSION_COOKIE,
    await createSession(undefined, Date.now(), version),
    sessionCookieOptions,
  );
}

/**
 * Sign out on the server, not just in this browser: bump the session version so every session token
 * made so far (a copied cookie included) is refused from now on. Only a signed-in visitor may do so, or
 * anyone could post the action and sign every admin out.
 */
export async function endAdminSession(): Promise<void> {
  const jar = await cookies();
  if (await verifySession(jar.get(SESSION_COOKIE)?.value)) await bumpSessionVersion(getStore());
  jar.delete({ name: SESSION_COOKIE, path: sessionCookieOptions.path });
}
