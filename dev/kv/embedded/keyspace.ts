import { REDIS_ERRORS, RedisReplyError } from "../errors";

export type HashValue = Record<string, string>;
export interface ZsetEntry {
  score: number;
  value: string;
}
export type ZsetValue = Map<string, ZsetEntry>;

/** ioredis-mock's in-memory representation, which its own commands and our commands share. */
export type StoredValue = string | Buffer | HashValue | string[] | Set<string> | ZsetValue;
export type KeyType = "string" | "hash" | "list" | "set" | "zset";

/** The slice of ioredis-mock's internals the embedded store builds on (its keyspace + expiry table). */
export interface MockKeyspace {
  data: {
    get(key: string): unknown;
    set(key: string, value: unknown): void;
    has(key: string): boolean;
    delete(key: string): void;
    keys(): string[];
  };
  expires: {
    get(key: string): number | undefined;
    set(key: string, at: number): void;
    has(key: string): boolean;
    delete(key: string): void;
  };
}

export function typeOfValue(value: unknown): KeyType {
  if (typeof value === "string" || Buffer.isBuffer(value)) return "string";
  if (Array.isArray(value)) return "list";
  if (value instanceof Set) return "set";
  if (value instanceof Map) return "zset";
  return "hash";
}

interface TypeMap {
  string: string;
  hash: HashValue;
  list: string[];
  set: Set<string>;
  zset: ZsetValue;
}

/**
 * Typed access to ioredis-mock's keyspace with Redis' rules: expired keys vanish on access, a key of
 * the wrong type is a WRONGTYPE error, and an emptied collection deletes its key.
 * Values read are copies (ioredis-mock copies on get), so every change is written back.
 */
export class Keyspace {
  constructor(private readonly mock: MockKeyspace) {}

  now(): number {
    return Date.now(); // ioredis-mock expires against Date.now(), so we must too
  }

  exists(key: string): boolean {
    return this.mock.data.has(key); // has() drops the key first when it has expired
  }

  typeOf(key: string): KeyType | "none" {
    return this.exists(key) ? typeOfValue(this.mock.data.get(key)) : "none";
  }

  /** The value when the key holds `type`, undefined when absent; WRONGTYPE otherwise. */
  read<T extends KeyType>(key: string, type: T): TypeMap[T] | undefined {
    if (!this.exists(key)) return undefined;
    const value = this.mock.data.get(key);
    if (typeOfValue(value) !== type) throw new RedisReplyError(REDIS_ERRORS.wrongType);
    return (Buffer.isBuffer(value) ? value.toString("utf8") : value) as TypeMap[T];
  }

  /** Replaces the value and keeps the TTL (what HSET, LPUSH, INCR… do). */
  write(key: string, value: StoredValue): void {
    this.exists(key); // clears a stale expiry so the new value is not born expired
    this.mock.data.set(key, value);
  }

  /** Writes a collection back, deleting the key when it became empty. */
  writeCollection(key: string, value: HashValue | string[] | Set<string> | ZsetValue): void {
    const size = Array.isArray(value)
      ? value.length
      : value instanceof Set || value instanceof Map
        ? value.size
        : Object.keys(value).length;
    if (size === 0) this.delete(key);
    else this.write(key, value);
  }

  delete(key: string): boolean {
    const existed = this.exists(key);
    if (existed) this.mock.data.delete(key);
    this.mock.expires.delete(key);
    return existed;
  }

  /** Absolute expiry in epoch ms, undefined for a persistent (or missing) key. */
  expiresAt(key: string): number | undefined {
    return this.exists(key) && this.mock.expires.has(key) ? this.mock.expires.get(key) : undefined;
  }

  setExpiresAt(key: string, at: number): void {
    this.mock.expires.set(key, at);
  }

  persist(key: string): boolean {
    const had = this.expiresAt(key) !== undefined;
    this.mock.expires.delete(key);
    return had;
  }

  keys(): string[] {
    return this.mock.data.keys();
  }

  raw(key: string): unknown {
    return this.exists(key) ? this.mock.data.get(key) : undefined;
  }

  flush(): void {
    for (const key of this.mock.data.keys()) this.mock.data.delete(key);
  }
}

/** Sets a hash field safely even for names like `__proto__`. */
export function setField(hash: HashValue, field: string, value: string): void {
  Object.defineProperty(hash, field, { value, enumerable: true, writable: true, configurable: true });
}

export function hasField(hash: HashValue, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(hash, field);
}
