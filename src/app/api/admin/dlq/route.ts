import { handleDeadLettersApi } from "@/lib/admin/api-handlers";

export function GET(request: Request) {
  return handleDeadLettersApi(request);
}
