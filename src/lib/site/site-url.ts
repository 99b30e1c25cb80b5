import { appUrl } from "../config";

const FALLBACK = "http://localhost:3000";

/** The site's public base URL (APP_URL and friends); localhost when it is not configured. */
export function siteBaseUrl(env: Record<string, string | undefined> = process.env): string {
  try {
    return appUrl(env);
  } catch {
    return FALLBACK;
  }
}
