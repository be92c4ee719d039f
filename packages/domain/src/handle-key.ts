/**
 * Handles are case- and width-insensitive: "Dr.Ana", "dr.ana" and their full-width forms are one
 * handle. Rate limits and uniqueness use this key, so variants cannot bypass either.
 */
export function handleKey(handle: string): string {
  return handle.normalize('NFKC').toLowerCase();
}
