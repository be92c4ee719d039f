/**
 * Socket.IO rooms private to part of a session: its facilitators (reports, crisis alerts,
 * co-facilitators' actions), and each member (crisis resources, their check-in).
 */
export const moderationRoomNames = {
  facilitators: (sessionId: string) => `session:${sessionId}:facilitators`,
  member: (sessionId: string, memberRef: string) => `session:${sessionId}:member:${memberRef}`,
};
