/**
 * Ordering and merging of room messages. Message ids are `<milliseconds>-<sequence>` (Redis stream
 * ids); they are compared numerically part by part, as strings, so 16-digit parts never lose
 * precision. Pure: no clock, no socket, no storage. It must never write messages anywhere.
 */

/** Negative when a comes before b, positive when after, 0 when equal. */
export function compareMessageIds(a: string, b: string): number {
  const [aTime = '0', aSeq = '0'] = a.split('-');
  const [bTime = '0', bSeq = '0'] = b.split('-');
  return compareDigits(aTime, bTime) || compareDigits(aSeq, bSeq);
}

function compareDigits(a: string, b: string): number {
  const left = a.replace(/^0+(?=\d)/, '');
  const right = b.replace(/^0+(?=\d)/, '');
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Merges incoming messages into an ordered list: each id appears once (the first copy wins, as
 * a message never changes), and the result is ordered by id. The inputs are left untouched.
 */
export function mergeMessages<T extends { id: string }>(existing: readonly T[], incoming: readonly T[]): T[] {
  if (incoming.length === 0) return existing.slice();
  const byId = new Map<string, T>();
  for (const message of existing) if (!byId.has(message.id)) byId.set(message.id, message);
  for (const message of incoming) if (!byId.has(message.id)) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => compareMessageIds(a.id, b.id));
}

/** The highest id among `current` and the given ids; null when there is none. */
export function highestMessageId(current: string | null, ids: readonly string[]): string | null {
  let highest = current;
  for (const id of ids) if (highest === null || compareMessageIds(id, highest) > 0) highest = id;
  return highest;
}

/**
 * True when a broadcast names a predecessor this client never received: a broadcast was lost
 * (for example with a hub node that died between storing and broadcasting). The room then re-joins
 * from its last complete id, and the hub returns exactly what is missing.
 */
export function missesPredecessor(message: { previousId?: string | null }, knownIds: ReadonlySet<string>, hasHistory: boolean): boolean {
  return hasHistory && typeof message.previousId === 'string' && !knownIds.has(message.previousId);
}
