import { APIResponseError } from "@notionhq/client";
import { afterEach } from "vitest";
import type { NotionEmulator } from "../../dev/notion";
import { startTestEmulator } from "../../dev/notion/test-support";

/** `start()` gives a test emulator that is closed after each test of the calling file. */
export function emulatorsClosedAfterEach(): {
  start: (options?: Parameters<typeof startTestEmulator>[0]) => Promise<NotionEmulator>;
} {
  const started: NotionEmulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.close()));
  });
  return {
    start: async (options = {}) => {
      const emulator = await startTestEmulator(options);
      started.push(emulator);
      return emulator;
    },
  };
}

/** The APIResponseError a call was refused with; throws if it succeeded or failed otherwise. */
export async function refusalOf(promise: Promise<unknown>): Promise<APIResponseError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!APIResponseError.isAPIResponseError(error))
    throw new Error(`expected an APIResponseError, got ${String(error)}`);
  return error;
}
