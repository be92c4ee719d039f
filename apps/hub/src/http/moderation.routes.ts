/** The moderation record, for the facilitators of a group (the policy row allows no one else). */
import type { ModerationService } from '../services/moderation.service';
import type { RouteHandlers } from './api-router';

export function moderationRoutes(deps: { moderation: ModerationService; recordRetentionMs: number }): Pick<RouteHandlers, 'getModerationRecord'> {
  const retentionDays = Math.round(deps.recordRetentionMs / (24 * 60 * 60_000));
  return {
    getModerationRecord: async ({ params }) => ({ entries: await deps.moderation.readRecord(params.groupId), retentionDays }),
  };
}
