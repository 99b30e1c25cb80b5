import { handleOverviewApi } from "@/lib/admin/api-handlers";

export function GET(request: Request) {
  return handleOverviewApi(request);
}
