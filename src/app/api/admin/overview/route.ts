import { handleOverviewApi } from "@/lib/admin/api-handlers";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleOverviewApi(request);
}
