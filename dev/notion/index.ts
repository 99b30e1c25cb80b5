/** The local Notion API emulator: see docs/emulator-notion.md. */
export { startNotionEmulator } from "./server";
export type { NotionEmulator, NotionEmulatorOptions } from "./server";
export type { EmulatorLogger, Latency } from "./api-pipeline";
export {
  DEMO_CHANGELOG_BLOCKS,
  DEMO_DEEPEST_TOGGLE_TEXT,
  DEMO_IDS,
  DEMO_ROOT_PAGE_ID,
  DEMO_UNICODE_TITLE,
  createDemoWorkspace,
  demoPostId,
} from "./demo-workspace";
export { generateWorkspace } from "./generator";
export type { GenerateOptions, GeneratedWorkspace } from "./generator";
export { Workspace } from "./model";
export { WorkspaceMutations } from "./mutations";
export type { BlockInput } from "./block-input";
export type { PageInput, RowInput } from "./workspace-builder";
export type { FaultTarget, RateFaults, StormOptions } from "./faults";
export type { RequestCounts, RequestLogEntry } from "./request-log";
export type { RateLimitOptions, RateModel, WorkspaceLimitOptions } from "./rate-limit";
export { RATE_LIMIT_REASONS } from "./rate-limit";
export { API_VERSIONS, type ApiVersion } from "./versions";
export { EmulatorInputError, NotionApiError } from "./errors";
export * as blocks from "./block-builders";
