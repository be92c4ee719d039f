/** The moderation part of the REST contract: facilitators read the record of their own groups. */
import { groupParams } from './rest.schemas';
import { emptyBody } from './rest.schemas';
import type { ModerationRecordEntryView } from './moderation.views';

export const moderationRestRoutes = {
  getModerationRecord: { method: 'GET', path: '/api/groups/:groupId/moderation-record', params: groupParams, body: emptyBody },
} as const;

export interface ModerationRouteResults {
  /** Oldest first; `retentionDays`: how long an entry is kept before it is erased (shown to the facilitators). */
  getModerationRecord: { entries: ModerationRecordEntryView[]; retentionDays: number };
}
