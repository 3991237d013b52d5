/**
 * Little-endian reads over a slice of a Word file. A DataView throws a RangeError for a read past
 * the end, so a truncated or corrupt structure fails loudly (E_DOC_INVALID) instead of reading zeros.
 */
export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `length` bytes at `offset`, or a RangeError when the slice would run past the end. */
export function slice(bytes: Uint8Array, offset: number, length: number, what: string): Uint8Array {
  if (offset < 0 || length < 0 || offset + length > bytes.length) {
    throw new RangeError(`${what} (${length} bytes at ${offset}) lies outside its ${bytes.length}-byte stream`);
  }
  return bytes.subarray(offset, offset + length);
}
