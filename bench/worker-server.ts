/** A plain node:http server that hands QStash deliveries to the worker handler: the worker route, minus Next. */
import { handleWorker } from "@/lib/http/worker";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { serveHandler } from "../tests/helpers/serve-handler";

export interface WorkerServer {
  url: string;
  /** Status codes the worker answered, in order. */
  statuses: number[];
  close(): Promise<void>;
}

/** `runtime(url)` builds the JobRuntime once the server's URL (APP_URL) is known. */
export async function startWorkerServer(runtime: (url: string) => JobRuntime): Promise<WorkerServer> {
  // Known once the server listens: the runtime needs the server's own URL for QStash.
  const bound: { rt?: JobRuntime } = {};
  const statuses: number[] = [];
  const served = await serveHandler(async (request) => {
    // Failure callbacks (after QStash gave up) only need an answer here; the job record tells the story.
    const response =
      new URL(request.url).pathname === "/api/sync/worker" && bound.rt
        ? await handleWorker(request, bound.rt)
        : Response.json({ ok: true });
    statuses.push(response.status);
    return response;
  });
  bound.rt = runtime(served.url);
  return { url: served.url, statuses, close: () => served.close() };
}
