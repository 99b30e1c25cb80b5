/** Helpers for tests that drive the emulator through the official SDK. */
import { Client } from "@notionhq/client";

type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;
import { DEV_DEFAULTS } from "../defaults";
import { type NotionEmulator, type NotionEmulatorOptions, startNotionEmulator } from "./server";

/** A fixed base time (30 s into a minute) so minute rounding and the rate bucket are deterministic. */
export const TEST_EPOCH = Date.parse("2026-01-15T12:00:30.000Z");

/** An emulator on a random port with a frozen base clock (move it with `emulator.clock`). */
export function startTestEmulator(options: NotionEmulatorOptions = {}): Promise<NotionEmulator> {
  return startNotionEmulator({ port: 0, rateLimit: false, now: () => TEST_EPOCH, ...options });
}

/** The unchanged SDK pointed at the emulator; `retry: false` unless overridden, so tests see every answer. */
export function sdkClient(emulator: NotionEmulator, options: Partial<ClientOptions> = {}): Client {
  return new Client({
    auth: DEV_DEFAULTS.notionToken,
    baseUrl: emulator.url,
    retry: false,
    logger: () => undefined,
    ...options,
  });
}
