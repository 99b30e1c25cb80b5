import { handleLegacySync } from "@/lib/http/legacy-sync";

export const maxDuration = 60;

/** The seed's synchronous endpoint: runs in this request for up to ~50 s, then continues via QStash. */
export function GET(request: Request) {
  return handleLegacySync(request, (maxDuration - 10) * 1000);
}
