import { createHash } from "node:crypto";
import { parseDurationMs } from "./duration";
import { badRequest } from "./errors";
import { addHeader } from "./headers";
import type { CallbackTarget, FlowControlLimits, HeaderMap, MessageTemplate } from "./model";
import { evaluateRetryDelay } from "./retry-delay-expression";

/** QStash's documented default: 3 retries, so 4 attempts in all. */
export const DEFAULT_RETRIES = 3;

const METHODS = new Set(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]);

/** A publish request, read from its `Upstash-*` headers, ready to become a message. */
export interface PublishSpec {
  template: MessageTemplate;
  /** Nominal (uncompressed) delay; `notBeforeMs` wins over it, as in QStash. */
  delayMs?: number;
  notBeforeMs?: number;
  deduplicationId?: string;
}

/** A destination must be an absolute http(s) URL: URL groups and APIs are not emulated. */
export function parseDestination(raw: string): string {
  const text = /^https?%3A/i.test(raw) ? decodeURIComponent(raw) : raw;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badRequest(`invalid destination url: "${raw}" (the emulator supports http(s) URLs only)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw badRequest(`invalid destination url: "${raw}" (the emulator supports http(s) URLs only)`);
  }
  return text;
}

function parseCount(value: string | undefined, headerName: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw badRequest(`invalid ${headerName}: "${value}"`);
  return Number(value.trim());
}

function parseMethod(value: string | undefined, headerName: string): string {
  const method = (value ?? "POST").trim().toUpperCase();
  if (!METHODS.has(method)) throw badRequest(`invalid ${headerName}: "${value}"`);
  return method;
}

function optionalDuration(value: string | undefined, headerName: string): number | undefined {
  return value === undefined ? undefined : parseDurationMs(value, headerName);
}

/** Headers under `prefix` (lower case) with the prefix stripped, as a header map. */
function forwarded(headers: Record<string, string>, prefix: string): HeaderMap {
  const map: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(prefix) && name.length > prefix.length)
      addHeader(map, name.slice(prefix.length), value);
  }
  return map;
}

function parseCallback(headers: Record<string, string>, prefix: string): CallbackTarget | undefined {
  const url = headers[prefix];
  if (url === undefined) return undefined;
  return {
    url: parseDestination(url),
    method: parseMethod(headers[`${prefix}-method`], `${prefix}-method`),
    header: forwarded(headers, `${prefix}-forward-`),
    retries: parseCount(headers[`${prefix}-retries`], `${prefix}-retries`),
    timeoutMs: optionalDuration(headers[`${prefix}-timeout`], `${prefix}-timeout`),
    delayMs: optionalDuration(headers[`${prefix}-delay`], `${prefix}-delay`),
  };
}

/** Content-based dedup id: destination, the headers that shape the message, and the raw body. */
/**
 * `Upstash-Flow-Control-Value: parallelism=5, rate=10, period=1m` (what the SDK sends). The
 * emulator does not throttle by key, but it keeps the limits so the API reports them back.
 */
function parseFlowControl(headers: Record<string, string>): FlowControlLimits | undefined {
  const value = headers["upstash-flow-control-value"];
  if (value === undefined) return undefined;
  if (!headers["upstash-flow-control-key"]) {
    throw badRequest("Upstash-Flow-Control-Value needs an Upstash-Flow-Control-Key");
  }
  const limits: FlowControlLimits = {};
  for (const part of value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [name = "", setting = ""] = part.split("=").map((item) => item.trim());
    const key = name.toLowerCase();
    if (key === "parallelism")
      limits.parallelism = parseCount(setting, "Upstash-Flow-Control-Value parallelism");
    else if (key === "rate" || key === "ratepersecond")
      limits.rate = parseCount(setting, "Upstash-Flow-Control-Value rate");
    else if (key === "period")
      limits.periodS = parseDurationMs(setting, "Upstash-Flow-Control-Value period") / 1000;
    else
      throw badRequest(
        `invalid Upstash-Flow-Control-Value: unknown setting "${name}" (expected parallelism, rate, period)`,
      );
  }
  if (limits.rate !== undefined) limits.periodS ??= 1; // QStash's default window is a second
  return limits;
}

function contentHash(destination: string, headers: Record<string, string>, body: Buffer): string {
  const hash = createHash("sha256").update(destination).update("\n");
  const relevant = Object.keys(headers)
    .filter((name) => name === "content-type" || name.startsWith("upstash-"))
    .filter((name) => !name.startsWith("upstash-telemetry-"))
    .sort();
  for (const name of relevant) hash.update(`${name}:${headers[name]}\n`);
  return hash.update(body).digest("hex");
}

/**
 * Reads a publish/enqueue/batch/schedule request. `headers` are lower-case; the body is the raw
 * bytes, kept exactly.
 */
export function parsePublishRequest(input: {
  destination: string;
  headers: Record<string, string>;
  body: Buffer;
  callerIp: string;
  queueName?: string;
}): PublishSpec {
  const { headers } = input;
  const url = parseDestination(input.destination);
  const header = forwarded(headers, "upstash-forward-");
  const contentType = headers["content-type"];
  if (contentType !== undefined) header["Content-Type"] = [contentType];

  const retryDelayExpression = headers["upstash-retry-delay"];
  if (retryDelayExpression !== undefined) evaluateRetryDelay(retryDelayExpression, 0);

  const notBeforeS = parseCount(headers["upstash-not-before"], "Upstash-Not-Before");
  const labels = headers["upstash-label"]
    ?.split(",")
    .map((label) => label.trim())
    .filter(Boolean);
  const queueName = input.queueName ?? headers["upstash-queue-name"];

  const template: MessageTemplate = {
    url,
    method: parseMethod(headers["upstash-method"], "Upstash-Method"),
    header,
    bodyBase64: input.body.toString("base64"),
    maxRetries: parseCount(headers["upstash-retries"], "Upstash-Retries") ?? DEFAULT_RETRIES,
    retryDelayExpression,
    timeoutMs: optionalDuration(headers["upstash-timeout"], "Upstash-Timeout"),
    callback: parseCallback(headers, "upstash-callback"),
    failureCallback: parseCallback(headers, "upstash-failure-callback"),
    queueName: queueName || undefined,
    labels: labels?.length ? labels : undefined,
    flowControlKey: headers["upstash-flow-control-key"],
    flowControl: parseFlowControl(headers),
    callerIp: input.callerIp,
  };

  const contentBased = headers["upstash-content-based-deduplication"]?.toLowerCase() === "true";
  return {
    template,
    delayMs: optionalDuration(headers["upstash-delay"], "Upstash-Delay"),
    notBeforeMs: notBeforeS === undefined ? undefined : notBeforeS * 1000,
    deduplicationId:
      headers["upstash-deduplication-id"] ??
      (contentBased ? contentHash(url, headers, input.body) : undefined),
  };
}
