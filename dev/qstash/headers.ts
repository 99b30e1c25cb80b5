import type { IncomingHttpHeaders } from "node:http";
import type { HeaderMap } from "./model";

/** `x-trace-id` → `X-Trace-Id`, the canonical form QStash (written in Go) reports headers in. */
export function canonicalHeaderName(name: string): string {
  return name
    .toLowerCase()
    .split("-")
    .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1) : part))
    .join("-");
}

/** Node's incoming headers as a lower-case name → single value record. */
export function flattenIncoming(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

export function addHeader(map: HeaderMap, name: string, value: string): void {
  const key = canonicalHeaderName(name);
  (map[key] ??= []).push(value);
}

export function headerMapFromNode(headers: Record<string, string | string[] | undefined>): HeaderMap {
  const map: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) addHeader(map, name, item);
  }
  return map;
}

/** Header map → outgoing request headers (multiple values joined as HTTP allows). */
export function toOutgoing(map: HeaderMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(map)) out[name] = values.join(", ");
  return out;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** QStash reports a body as `body` when it is valid UTF-8 and as `bodyBase64` otherwise. */
export function bodyFields(
  base64: string,
  names: { text: string; base64: string } = { text: "body", base64: "bodyBase64" },
): Record<string, string> {
  if (!base64) return {};
  const bytes = Buffer.from(base64, "base64");
  try {
    return { [names.text]: utf8.decode(bytes) };
  } catch {
    return { [names.base64]: base64 };
  }
}
