/**
 * The room as one viewer may see it, answered on every join and re-join (RoomSnapshotView): what
 * the room service's entry read (messages after `lastSeenId`, presence, a history reset) and, read
 * now, everything a page would otherwise learn only from broadcasts it may have missed while away:
 * the ids deleted, the reactions (with the viewer's own), the moderation state, the viewer's open
 * check-ins and, for facilitators, the open crisis alerts, the reports and the waiting list.
 *
 * A member sees only their own mute and check-ins, and no waiting list: muting is not shown to peers.
 */
import type {
  JoinedSessionView, ReactionTallyView, RoomSnapshotView,
} from '@respite/protocol';
import type { Clock } from '../clock';
import type { StoredReaction } from '../stores/room-moderation.store';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import type { CrisisAlerts } from './crisis-alerts';
import { moderationViewFor, toCheckInView, toReportView, toRoomModerationView } from './view-mapping';
import type { RoomMember } from './room.service';

const iso = (instant: number) => new Date(instant).toISOString();

/** Reactions per message: everyone's counts and the viewer's own, leaving out deleted messages. */
export function tallyReactions(reactions: StoredReaction[], viewerRef: string, deleted: ReadonlySet<string>): ReactionTallyView[] {
  const byMessage = new Map<string, ReactionTallyView>();
  for (const { messageId, reaction, memberRef } of reactions) {
    if (deleted.has(messageId)) continue;
    const tally = byMessage.get(messageId) ?? { messageId, counts: {}, mine: [] };
    tally.counts[reaction] = (tally.counts[reaction] ?? 0) + 1;
    if (memberRef === viewerRef && !tally.mine.includes(reaction)) tally.mine.push(reaction);
    byMessage.set(messageId, tally);
  }
  for (const tally of byMessage.values()) tally.mine.sort();
  return [...byMessage.values()].sort((a, b) => a.messageId.localeCompare(b.messageId));
}

export class RoomSnapshots {
  constructor(private readonly deps: { stores: Stores; clock: Clock; crisisAlerts: CrisisAlerts }) {}

  async read(session: SessionRecord, viewer: RoomMember, entered: JoinedSessionView): Promise<RoomSnapshotView> {
    const { stores, clock } = this.deps;
    const isFacilitator = viewer.role === 'facilitator';
    const [state, deletedIds, reactions, checkIns, reports, openAlerts] = await Promise.all([
      stores.roomModeration.read(session.id, clock.now()),
      stores.messages.deletedIds(session.id),
      stores.roomModeration.listReactions(session.id),
      stores.roomModeration.listCheckInMessages(session.id),
      isFacilitator ? stores.roomModeration.listReports(session.id) : Promise.resolve([]),
      isFacilitator ? this.deps.crisisAlerts.open(session.id) : Promise.resolve([]),
    ]);
    const deleted = new Set(deletedIds);
    const openRefs = [...state.checkIns].filter((memberRef) => isFacilitator || memberRef === viewer.memberRef);
    const openCheckIns = await Promise.all(openRefs.map(async (memberRef) => ({
      memberRef, alias: memberRef === viewer.memberRef ? viewer.alias : (await stores.groups.membershipByRef(session.groupId, memberRef))?.alias ?? '',
    })));
    const moderation = toRoomModerationView(session.id, state);
    const selfMutedUntil = state.mutes.get(viewer.memberRef);
    return {
      ...entered,
      selfMutedUntil: selfMutedUntil === undefined ? null : iso(selfMutedUntil),
      admission: 'admitted',
      deletedIds,
      reactions: tallyReactions(reactions, viewer.memberRef, deleted),
      moderation: moderationViewFor(moderation, viewer),
      checkIns: checkIns.filter((message) => isFacilitator || message.memberRef === viewer.memberRef).map((message) => toCheckInView(session.id, message)),
      openCheckIns,
      facilitator: isFacilitator
        ? { openAlerts, reports: reports.filter((report) => !deleted.has(report.messageId)).map((report) => toReportView(session.id, report)), waiting: moderation.waiting }
        : null,
    };
  }
}
