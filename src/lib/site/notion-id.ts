/** Normalise a Notion id (32 hex digits, dashes optional, any case) to the dashed lowercase form, or null. */
export function normalizeNotionId(value: string): string | null {
  const hex = value.trim().replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
