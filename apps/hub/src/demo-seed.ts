/**
 * A demo for trying Respite on one machine: a sponsor with an invite code and its administrator, a
 * facilitator, and a group whose session is live now, so a newcomer can sign in as every role (a
 * member signs up with the code). Only for the embedded (in-memory) mode; refused in production.
 */
import { randomBytes } from 'node:crypto';
import { aliasKey } from '@respite/domain';
import type { Clock } from './clock';
import type { AccountService } from './services/account.service';
import type { PassphraseHasher } from './services/passphrase-hasher';
import type { SessionLifecycleService } from './services/session-lifecycle.service';
import { newEntityId, newRecoveryCode, normalizeRecoveryCode } from './random-ids';
import type { GroupRecord } from './stores/group.store';
import type { Stores } from './stores/stores';
import { timesForOccurrence } from '@respite/domain';

export const DEMO_FACILITATOR = { handle: 'demo-facilitator', passphrase: 'quiet harbor lantern at dusk' } as const;
/** The demo sponsor's administrator: sees the sponsor dashboard (codes, seats, totals of at least 5). */
export const DEMO_SPONSOR_ADMIN = { handle: 'demo-sponsor', passphrase: 'steady lamplight over the ward' } as const;

export const DEMO_NORMS = [
  'What is said here stays here. Do not share anything you hear, or who you think said it.',
  'Speak for yourself, from your own experience. No advice unless someone asks for it.',
  'No names, no patient details, nothing that identifies you or anyone else.',
  'You may pass. Listening is taking part.',
  'If you are in crisis, press "Need support now?" at any time. The facilitator will check in with you privately.',
];

export interface DemoSeed {
  inviteCode: string;
  groupId: string;
  liveSessionId: string;
}

export async function seedDemo(deps: { stores: Stores; accounts: AccountService; hasher: PassphraseHasher; lifecycle: SessionLifecycleService; clock: Clock }): Promise<DemoSeed> {
  const { stores, clock } = deps;
  const now = clock.now();
  const sponsorId = newEntityId();
  await stores.sponsors.saveSponsor({ id: sponsorId, name: 'Demo Hospital', createdAt: now });

  const group: GroupRecord = {
    id: newEntityId(),
    name: 'Sunday Evening Circle',
    description: 'A weekly space for physicians to talk about the week, the work and what it takes out of you.',
    norms: DEMO_NORMS,
    capacity: 12,
    schedule: { weekdays: [7], everyWeeks: 1, localStartTime: '19:00', timeZone: 'America/Chicago', durationMinutes: 90, anchorDate: '2026-01-04' },
    sponsorIds: [sponsorId],
    createdAt: now,
  };
  await stores.groups.saveGroup(group);
  // Seeded after the hub started: its weeks ahead are planned now, then by the planning duty.
  await deps.lifecycle.planAhead();

  const inviteCode = `DEMO-${randomBytes(3).toString('hex').toUpperCase()}`;
  await stores.sponsors.saveInvite({
    code: inviteCode, sponsorId, seats: 1000, seatsUsed: 0, expiresAt: now + 30 * 24 * 60 * 60_000,
    groupIds: [group.id], status: 'active', createdAt: now,
  });

  const facilitatorId = newEntityId();
  const [passphraseHash, recoveryHash] = await Promise.all([
    deps.hasher.hash(DEMO_FACILITATOR.passphrase), deps.hasher.hash(normalizeRecoveryCode(newRecoveryCode())),
  ]);
  await stores.accounts.create({
    id: facilitatorId, handleDigest: deps.accounts.handleDigest(DEMO_FACILITATOR.handle), passphraseHash, recoveryHash,
    roles: ['facilitator'], timeZone: null, createdAt: now,
  });
  await stores.groups.addMembership({
    groupId: group.id, accountId: facilitatorId, memberRef: newEntityId(), alias: 'Facilitator Sam', aliasKey: aliasKey('Facilitator Sam'),
    role: 'facilitator', normsAcceptedAt: now, joinedAt: now, status: 'active',
  });

  const sponsorAdminId = newEntityId();
  const [sponsorPassphraseHash, sponsorRecoveryHash] = await Promise.all([
    deps.hasher.hash(DEMO_SPONSOR_ADMIN.passphrase), deps.hasher.hash(normalizeRecoveryCode(newRecoveryCode())),
  ]);
  await stores.accounts.create({
    id: sponsorAdminId, handleDigest: deps.accounts.handleDigest(DEMO_SPONSOR_ADMIN.handle), passphraseHash: sponsorPassphraseHash,
    recoveryHash: sponsorRecoveryHash, roles: ['sponsor_admin'], timeZone: null, createdAt: now,
  });
  await stores.sponsors.setAdmin(sponsorAdminId, sponsorId);

  // A session that started five minutes ago and runs for two hours, so the room is live at once.
  const liveSessionId = newEntityId();
  await stores.sessions.create({
    id: liveSessionId, groupId: group.id, ...timesForOccurrence(now - 5 * 60_000, 120), state: 'scheduled', openedAt: null, closedAt: null,
  });
  await deps.lifecycle.advance(liveSessionId);
  return { inviteCode, groupId: group.id, liveSessionId };
}
