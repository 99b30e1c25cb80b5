/**
 * One conformance case per command the embedded KV store serves, keyed by the store's own command
 * table (`ServedCommand`): a served command without a case fails the typecheck, and
 * kv-conformance.test.ts fails when the served set and the covered set differ. Each case drives the
 * official @upstash/redis SDK and returns its answers; the suite runs it against the embedded store
 * and a real Redis 7.0 and fails on any difference. Edge cases come from bugs the upstream SDK's own
 * suite found (missing keys, several values, lower-case options, out-of-range indexes, pipelines).
 */
import type { ServedCommand } from "../../../dev/kv/embedded/command-table";
import type { ConformanceCase } from "./case";
import { hashCases } from "./hashes";
import { keyCases } from "./keys";
import { listCases } from "./lists";
import { scriptingCases } from "./scripting";
import { setCases } from "./sets";
import { sortedSetCases } from "./sorted-sets";
import { stringCases } from "./strings";

export type { CaseContext, ConformanceCase } from "./case";

export const CONFORMANCE_CASES: Record<ServedCommand, ConformanceCase> = {
  ...stringCases,
  ...keyCases,
  ...hashCases,
  ...listCases,
  ...setCases,
  ...sortedSetCases,
  ...scriptingCases,
};
