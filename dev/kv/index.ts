export { startKvEmulator } from "./server";
export type { KvEmulator, KvEmulatorOptions } from "./server";
export type { UnavailableMode } from "./http-handler";
export type { KvLogger } from "./logger";
export { KvBackendUnavailableError, isKvBackendUnavailableError } from "./errors";
