import { Client, Receiver } from "@upstash/qstash";
import { appUrl, qstashConfig, type QStashConfig } from "../config";

/** The message that asks the worker to run one step of a job. */
export interface StepMessage {
  jobId: string;
  step: number;
}

export interface QueueOptions extends QStashConfig {
  appUrl: string;
}

/** The generic trigger of a job type (`POST /api/jobs/{type}/trigger`), which schedules may call. */
export function jobTriggerUrl(base: string, type: string): string {
  return `${base}/api/jobs/${encodeURIComponent(type)}/trigger`;
}

/** URLs QStash calls back on; built from APP_URL only, never from a request. */
export function queueUrls(base: string) {
  return {
    base,
    trigger: `${base}/api/sync/trigger`,
    jobTrigger: (type: string) => jobTriggerUrl(base, type),
    worker: `${base}/api/sync/worker`,
    callback: `${base}/api/sync/callback`,
  };
}

/** The only code that talks to QStash: publishing steps, verifying deliveries, DLQ and schedules. */
export class Queue {
  readonly client: Client;
  readonly urls: ReturnType<typeof queueUrls>;
  private readonly receiver: Receiver;

  constructor(private readonly options: QueueOptions) {
    this.client = new Client({ baseUrl: options.url, token: options.token });
    this.receiver = new Receiver({
      currentSigningKey: options.currentSigningKey,
      nextSigningKey: options.nextSigningKey,
    });
    this.urls = queueUrls(options.appUrl);
  }

  /** Retries QStash makes for a step message (Upstash-Retried of its last attempt). */
  get maxRetries(): number {
    return this.options.retries;
  }

  /**
   * Publish a step to the worker. The deduplication id `jobId:step` makes a second publish of the same
   * step (a retried worker, a duplicate delivery) a no-op at QStash.
   */
  async publishStep(message: StepMessage, delaySeconds = 0): Promise<string> {
    const response = await this.client.publishJSON({
      url: this.urls.worker,
      body: message,
      deduplicationId: `${message.jobId}:${message.step}`,
      retries: this.options.retries,
      failureCallback: this.urls.callback,
      ...(delaySeconds > 0 ? { delay: delaySeconds } : {}),
    });
    return response.messageId;
  }

  /**
   * Verify `Upstash-Signature` against the exact URL QStash was asked to call (current key, then next).
   * Returns false for anything that does not verify; never throws for a bad signature.
   */
  async verify(signature: string | null, rawBody: string, url: string): Promise<boolean> {
    if (!signature) return false;
    try {
      return await this.receiver.verify({ signature, body: rawBody, url });
    } catch {
      return false;
    }
  }
}

let defaultQueue: Queue | undefined;

/** The queue configured by the environment (QSTASH_* and APP_URL), created once. */
export function getQueue(): Queue {
  defaultQueue ??= new Queue({ ...qstashConfig(), appUrl: appUrl() });
  return defaultQueue;
}
