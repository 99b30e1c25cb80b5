import type { AddressInfo } from "node:net";
import { DEV_DEFAULTS } from "../defaults";
import { CronRunner } from "./cron-runner";
import { Dispatcher } from "./dispatcher";
import type { EmulatorCore } from "./emulator-core";
import { createQStashServer } from "./http-server";
import { MessageIntake } from "./message-intake";
import type { DeliveryRecord } from "./model";
import { signDelivery } from "./signing";
import { StateStore, type Logger } from "./state-store";

export type { DeliveryRecord } from "./model";
export type { Logger } from "./state-store";
export { QStashApiError, QStashEmulatorClosedError, QStashIdleTimeoutError } from "./errors";

export interface QStashEmulatorOptions {
  /** Default DEV_DEFAULTS.qstashPort (8080); 0 = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default DEV_DEFAULTS.qstashToken (the official dev server's public token). */
  token?: string;
  currentSigningKey?: string;
  nextSigningKey?: string;
  /** When set, state is persisted to `<dataDir>/qstash.json` and reloaded on start. */
  dataDir?: string;
  /**
   * Multiplies every wait the emulator makes: delays, `notBefore` distance, retry backoff,
   * `Retry-After`. 1 = real time, 0.001 = a thousand times faster. Cron schedules and
   * `Upstash-Timeout` (the destination's real response time) are not scaled.
   */
  timeScale?: number;
  /**
   * What fires schedules: `"real"` (default) the real clock, as QStash does; `"manual"` only `tick(at)`,
   * so a test that creates a schedule sees exactly the runs it ticks (a real five-minute cron could fire
   * between two of its steps).
   */
  cronClock?: "real" | "manual";
  /** Default: quiet. */
  logger?: Logger;
}

export interface QStashEmulator {
  url: string;
  port: number;
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  /** Stops the delivery loop, the cron timer and the server; persisted state is kept. */
  close(): Promise<void>;
  /** Resolves when no message is pending or in flight (default timeout 10 s). */
  waitForIdle(opts?: { timeoutMs?: number }): Promise<void>;
  /** Every delivery attempt made since start (callbacks included), oldest first. */
  deliveries(): DeliveryRecord[];
  /**
   * Fires the schedules due at `at` as if the clock read `at` (cron runs on the real clock
   * otherwise, unless `cronClock` is `"manual"`); returns the ids of the messages published.
   */
  tick(at: Date): string[];
  /** Signs like the emulator does (e.g. to forge requests in tests); defaults to the current key. */
  sign(opts: { url: string; body: string | Uint8Array; signingKey?: string }): Promise<string>;
}

const quiet: Logger = { info: () => undefined, warn: () => undefined };

export async function startQStashEmulator(opts: QStashEmulatorOptions = {}): Promise<QStashEmulator> {
  const logger = opts.logger ?? quiet;
  const token = opts.token ?? DEV_DEFAULTS.qstashToken;
  const currentSigningKey = opts.currentSigningKey ?? DEV_DEFAULTS.qstashCurrentSigningKey;
  const nextSigningKey = opts.nextSigningKey ?? DEV_DEFAULTS.qstashNextSigningKey;
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale >= 0) || !Number.isFinite(timeScale))
    throw new RangeError("timeScale must be a number >= 0");

  const store = await StateStore.open(opts.dataDir, logger);
  // Accepting a message wakes the delivery loop; the loop in turn accepts callback messages.
  const intake = new MessageIntake(store, timeScale, () => dispatcher.wake());
  const dispatcher = new Dispatcher({ store, intake, timeScale }, currentSigningKey, logger);
  const cron = new CronRunner(store, intake, logger, opts.cronClock ?? "real");
  const core: EmulatorCore = { store, intake, dispatcher, cron };

  const server = createQStashServer(core, token, logger);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? DEV_DEFAULTS.qstashPort, opts.host ?? DEV_DEFAULTS.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const url = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  cron.start();
  dispatcher.wake(); // messages restored from dataDir
  logger.info("qstash: emulator listening", { url, dataDir: opts.dataDir, timeScale });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    token,
    currentSigningKey,
    nextSigningKey,
    close: () =>
      (closing ??= (async () => {
        cron.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await dispatcher.stop();
        await store.close();
      })()),
    waitForIdle: (waitOpts) => dispatcher.waitForIdle(waitOpts?.timeoutMs ?? 10_000),
    deliveries: () => dispatcher.deliveries(),
    tick: (at) => cron.tick(at),
    sign: ({ url: target, body, signingKey }) =>
      signDelivery({
        signingKey: signingKey ?? currentSigningKey,
        url: target,
        body: typeof body === "string" ? Buffer.from(body) : body,
      }),
  };
}
