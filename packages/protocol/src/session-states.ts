/** The life of one session, in order. See docs/protocol.md for what each state allows. */
export const sessionStates = ['scheduled', 'lobby', 'live', 'closing', 'closed'] as const;
export type SessionState = (typeof sessionStates)[number];

/** `on_call`: platform staff told of a crisis alert when no facilitator of the group can be reached (docs/safety.md). */
export const roles = ['member', 'facilitator', 'sponsor_admin', 'platform_admin', 'on_call'] as const;
export type AccountRole = (typeof roles)[number];

/** A person's role inside one group. */
export const groupRoles = ['member', 'facilitator'] as const;
export type GroupRole = (typeof groupRoles)[number];
