/** The most bytes one stored value (and so one Redis request) of the search index may hold. */
export const MAX_CHUNK_BYTES = 1_000_000;

/**
 * Cut `text` into pieces of at most `maxBytes` UTF-8 bytes each, never inside a surrogate pair, so
 * every piece is valid text on its own and the pieces join back to `text`.
 */
export function chunkText(text: string, maxBytes = MAX_CHUNK_BYTES): string[] {
  if (maxBytes < 4) throw new RangeError("chunkText needs at least 4 bytes per chunk");
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = start;
    let bytes = 0;
    // A UTF-16 unit is at most 3 UTF-8 bytes, so `room` more units always fit; mostly-ASCII text
    // takes a few rounds to fill a chunk. (A pair split across rounds counts 6 bytes for 4: safe.)
    for (;;) {
      const room = Math.floor((maxBytes - bytes) / 3);
      if (room === 0 || end >= text.length) break;
      const next = Math.min(text.length, end + room);
      bytes += Buffer.byteLength(text.slice(end, next));
      end = next;
    }
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}
