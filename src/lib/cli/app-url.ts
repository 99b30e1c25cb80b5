import { appUrl, isConfigError } from "../config";

/** Where `npm run dev` serves the app. */
export const DEFAULT_APP_URL = "http://127.0.0.1:3000";

/** --url, else APP_URL (or its accepted aliases), else the dev server's address. */
export function resolveAppUrl(url: string | undefined, env: Record<string, string | undefined>): string {
  if (url) return url.replace(/\/+$/, "");
  try {
    return appUrl(env);
  } catch (error) {
    if (isConfigError(error) && error.code === "config_missing") return DEFAULT_APP_URL;
    throw error;
  }
}
