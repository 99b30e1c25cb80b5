import { EmulatorInputError } from "./errors";
import { isObject } from "./json";
import type { DataSourceNode, JsonObject, PageNode, PropertySchema, PropertyValue } from "./model";
import { toRichText } from "./rich-text";

/** How a data-source property is declared when building a workspace. */
export interface PropertySchemaInput {
  name: string;
  type: string;
  /** Options for select / multi_select / status, by name (colors cycle) or spelled out. */
  options?: Array<string | { name: string; color?: string }>;
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:;<=>?@[]^_`{|}~";
const OPTION_COLORS = ["blue", "green", "orange", "purple", "pink", "red", "yellow", "gray", "brown"];

/** Notion's short property / option ids (e.g. `%3AUPp`): stable per name, URL-encoded like the real ones. */
export function shortId(name: string, salt = 0): string {
  let hash = 2166136261 ^ salt;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
  let id = "";
  for (let i = 0; i < 4; i++) {
    id += ID_ALPHABET[(hash >>> (i * 7)) % ID_ALPHABET.length] ?? "A";
  }
  return encodeURIComponent(id);
}

function option(name: string, index: number, color?: string): JsonObject {
  return {
    id: shortId(name, 7),
    name,
    color: color ?? OPTION_COLORS[index % OPTION_COLORS.length] ?? "default",
    description: null,
  };
}

export function buildSchema(inputs: readonly PropertySchemaInput[]): PropertySchema[] {
  const used = new Set<string>();
  return inputs.map((input) => {
    let id = input.type === "title" ? "title" : shortId(input.name);
    for (let salt = 1; used.has(id); salt++) id = shortId(input.name, salt);
    used.add(id);
    return { id, name: input.name, type: input.type, config: schemaConfig(input) };
  });
}

function schemaConfig(input: PropertySchemaInput): JsonObject {
  const options = (input.options ?? []).map((o, i) =>
    typeof o === "string" ? option(o, i) : option(o.name, i, o.color),
  );
  switch (input.type) {
    case "number":
      return { format: "number" };
    case "select":
    case "multi_select":
      return { options };
    case "status":
      return { options, groups: [] };
    default:
      return {};
  }
}

/** The value a row has for a property it never set. */
export function emptyValue(schema: PropertySchema): PropertyValue {
  const empty: Record<string, unknown> = {
    title: [],
    rich_text: [],
    multi_select: [],
    people: [],
    relation: [],
    files: [],
    checkbox: false,
  };
  return {
    id: schema.id,
    type: schema.type,
    [schema.type]: schema.type in empty ? empty[schema.type] : null,
  };
}

/** A files-property entry: `{name, external:{url}}` or a hosted `{name, file_upload:{id}}`. */
function toNamedFile(input: unknown): JsonObject {
  if (isObject(input) && typeof input.name === "string") {
    if (isObject(input.external) && typeof input.external.url === "string") {
      return { name: input.name, type: "external", external: { url: input.external.url } };
    }
    if (isObject(input.file_upload) && typeof input.file_upload.id === "string") {
      return { name: input.name, type: "file", file: { file_id: input.file_upload.id } };
    }
  }
  throw new EmulatorInputError("a file needs a name and {external:{url}} or {file_upload:{id}}");
}

/** Finds (or, like Notion on write, adds) a select option by name. */
function selectOption(schema: PropertySchema, name: string): JsonObject {
  const options = (schema.config.options ??= []) as JsonObject[];
  const found = options.find((o) => o.name === name);
  if (found) return { id: found.id, name: found.name, color: found.color };
  const created = option(name, options.length);
  options.push(created);
  return { id: created.id, name: created.name, color: created.color };
}

function optionName(value: unknown): string {
  if (typeof value === "string") return value;
  if (isObject(value) && typeof value.name === "string") return value.name;
  throw new EmulatorInputError("a select option must be a name or {name}");
}

/**
 * Converts a friendly value (`"text"`, `true`, `["a","b"]`, `"2025-01-31"`) or a Notion request-form
 * property value (`{select:{name}}`, `{title:[…]}`) into the stored response form.
 */
export function toPropertyValue(schema: PropertySchema, input: unknown): PropertyValue {
  const raw = isObject(input) && schema.type in input ? input[schema.type] : input;
  const value = (v: unknown): PropertyValue => ({ id: schema.id, type: schema.type, [schema.type]: v });
  switch (schema.type) {
    case "title":
    case "rich_text":
      return value(toRichText(raw));
    case "number":
      if (raw !== null && typeof raw !== "number")
        throw new EmulatorInputError(`${schema.name} expects a number`);
      return value(raw);
    case "checkbox":
      return value(Boolean(raw));
    case "select":
    case "status":
      return value(raw === null || raw === undefined ? null : selectOption(schema, optionName(raw)));
    case "multi_select":
      if (!Array.isArray(raw)) throw new EmulatorInputError(`${schema.name} expects an array of options`);
      return value(raw.map((o) => selectOption(schema, optionName(o))));
    case "date": {
      if (raw === null || raw === undefined) return value(null);
      if (typeof raw === "string") return value({ start: raw, end: null, time_zone: null });
      if (isObject(raw) && typeof raw.start === "string") {
        return value({ start: raw.start, end: raw.end ?? null, time_zone: raw.time_zone ?? null });
      }
      throw new EmulatorInputError(`${schema.name} expects a date string or {start, end?}`);
    }
    case "url":
    case "email":
    case "phone_number":
      return value(raw === undefined ? null : raw);
    case "files":
      if (!Array.isArray(raw)) throw new EmulatorInputError(`${schema.name} expects an array of files`);
      return value(raw.map(toNamedFile));
    default:
      return value(raw ?? null);
  }
}

export function findSchema(source: DataSourceNode, nameOrId: string): PropertySchema | undefined {
  return source.schema.find(
    (p) => p.name === nameOrId || p.id === nameOrId || decodeURIComponent(p.id) === nameOrId,
  );
}

/** Writes friendly or request-form values onto a row page, keyed by property name or id. */
export function setRowProperties(
  source: DataSourceNode,
  page: PageNode,
  values: Record<string, unknown>,
): void {
  for (const [key, input] of Object.entries(values)) {
    const schema = findSchema(source, key);
    if (!schema) throw new EmulatorInputError(`Data source has no property named "${key}"`);
    page.properties[schema.name] = toPropertyValue(schema, input);
  }
}
