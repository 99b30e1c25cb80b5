/** A plain node:http server that hands QStash deliveries to the worker handler: the worker route, minus Next. */
import { handleWorker } from "@/lib/http/worker";
import type { JobRuntime } from "@/lib/jobs/runtime";
import { serveHandler } from "../tests/helpers/serve-handler";

export interface WorkerServer {
  url: string;
  /** Status codes the worker answered, in order. */
  statuses: number[];
  /** How long each delivery to the worker took, in order (the job record keeps only its last 100 steps). */
  deliveryMs: number[];
  close(): Promise<void>;
}

/** `runtime(url)` builds the JobRuntime once the server's URL (APP_URL) is known. */
export async function startWorkerServer(runtime: (url: string) => JobRuntime): Promise<WorkerServer> {
  // Known once the server listens: the runtime needs the server's own URL for QStash.
  const bound: { rt?: JobRuntime } = {};
  const statuses: number[] = [];
  const deliveryMs: number[] = [];
  const served = await serveHandler(async (request) => {
    // Failure callbacks (after QStash gave up) only need an answer here; the job record tells the story.
    if (new URL(request.url).pathname !== "/api/sync/worker" || !bound.rt) {
      statuses.push(200);
      return Response.json({ ok: true });
    }
    const started = performance.now();
    const response = await handleWorker(request, bound.rt);
    deliveryMs.push(performance.now() - started);
    statuses.push(response.status);
    return response;
  });
  bound.rt = runtime(served.url);
  return { url: served.url, statuses, deliveryMs, close: () => served.close() };
}
