import type { Workspace } from "../../dev/notion";
import type { Store } from "@/lib/store/redis";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { normalizedSite, syncNow } from "../helpers/sync";

/** The site as published in `store`, normalised like `normalizedSite` (times and signed URLs dropped). */
export function siteIn(store: Store): Promise<Record<string, unknown>> {
  // normalizedSite only reads `cloud.store`; the app's store is that of a TestCloud in all that matters.
  return normalizedSite({ store } as TestCloud);
}

/** What an in-process force sync (no QStash, one process) publishes for this workspace. */
export async function referenceSite(workspace: Workspace): Promise<Record<string, unknown>> {
  const cloud = await startTestCloud({ workspace });
  try {
    await syncNow(cloud, { mode: "force" });
    return await normalizedSite(cloud);
  } finally {
    await cloud.close();
  }
}
