import type { Metadata } from "next";
import { DeadLetterTable } from "@/components/admin/dead-letter-table";
import { FlashMessage } from "@/components/admin/flash-message";
import { requireAdmin } from "@/lib/admin/guard";
import { isConfigError } from "@/lib/config";
import { isDeadLetterError, listDeadLetters, type DeadLetter } from "@/lib/queue/dlq";
import { getQueue } from "@/lib/queue/qstash";

// Per request (the session, live job data): the dashboard renders on every request, never from a cache.
export const instant = false;

export const metadata: Metadata = { title: "Dead letters" };

type Search = Promise<Record<string, string | string[] | undefined>>;

async function load(cursor: string | undefined) {
  try {
    return { ...(await listDeadLetters(getQueue(), { cursor })), problem: null };
  } catch (error) {
    // Not configured or not reachable: say so on the page (the messages name the variable or the cause).
    if (!isConfigError(error) && !isDeadLetterError(error)) throw error;
    return { items: [] as DeadLetter[], cursor: null, problem: error.message };
  }
}

export default async function DeadLettersPage({ searchParams }: { searchParams: Search }) {
  await requireAdmin();
  const query = await searchParams;
  const cursor =
    typeof query.cursor === "string" && /^[\w-]{1,200}$/.test(query.cursor) ? query.cursor : undefined;
  const { items, cursor: next, problem } = await load(cursor);
  return (
    <>
      <h1>Dead letters</h1>
      <p className="muted">
        Messages QStash gave up on: every attempt failed, or the worker answered that retrying cannot help.
        Retry sends one again as a new message; delete drops it.
      </p>
      <FlashMessage notice={query.notice} error={query.error} variable={query.variable} />
      {problem ? (
        <p className="admin-flash" data-kind="error" role="alert">
          {problem}
        </p>
      ) : (
        <DeadLetterTable items={items} />
      )}
      {next ? (
        <p>
          <a href={`/admin/dlq?cursor=${encodeURIComponent(next)}`}>Older messages →</a>
        </p>
      ) : null}
    </>
  );
}
