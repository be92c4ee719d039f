/** Key names of the bare+redis baseline, under the run's prefix, and the session fields the hub reads per event. */
export const SESSION_FIELDS = ['groupId', 'lobbyOpensAt', 'startsAt', 'closingAt', 'endsAt', 'state', 'openedAt', 'closedAt'] as const;

export const bareKeys = (prefix: string) => ({
  session: (id: string) => `${prefix}bare:session:${id}`,
  open: (id: string) => `${prefix}bare:room:${id}:open`,
  messages: (id: string) => `${prefix}bare:room:${id}:messages`,
  clientIds: (id: string) => `${prefix}bare:room:${id}:client-ids`,
  rate: (subject: string) => `${prefix}bare:rate:${subject}`,
  // The send gate's keys: passed (Redis wants every key a script may touch) and never read.
  settings: (id: string) => `${prefix}bare:room:${id}:settings`,
  mutes: (id: string) => `${prefix}bare:room:${id}:mutes`,
  lastSends: (id: string) => `${prefix}bare:room:${id}:last-sends`,
  flags: (id: string) => `${prefix}bare:room:${id}:flags`,
});

