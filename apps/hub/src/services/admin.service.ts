/**
 * Platform administration used by the admin CLI: the first platform admin, sponsors and their
 * administrators, groups, facilitators, and the upcoming sessions. Runs against the durable
 * stores only. Never prints or logs a passphrase; the recovery code is returned once, to the caller.
 */
import { DateTime } from 'luxon';
import { aliasKey, checkPassphrase, generateAlias, type WeeklyRule } from '@respite/domain';
import type { AccountRole } from '@respite/protocol';
import type { Clock } from '../clock';
import { newEntityId, randomIndex } from '../random-ids';
import type { GroupRecord } from '../stores/group.store';
import type { Stores } from '../stores/stores';
import { handleDigestFor, issueRecoveryCode } from './account.service';
import type { PassphraseHasher } from './passphrase-hasher';
import { SessionPlanner } from './session-planner.service';

export class AdminError extends Error {}

export interface CreatedAccount {
  accountId: string;
  /** Shown once to the person the account is for; stored only as a hash. */
  recoveryCode: string;
}

export interface NewGroupInput {
  name: string;
  description: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  localStartTime: string;
  timeZone: string;
  durationMinutes: number;
  capacity: number;
  sponsorId: string;
  norms: string[];
  everyWeeks?: number;
}

export const DEFAULT_NORMS = [
  'What is said here stays here. Do not share anything you hear, or who you think said it.',
  'Speak for yourself, from your own experience. No advice unless someone asks for it.',
  'No names, no patient details, nothing that identifies you or anyone else.',
  'You may pass. Listening is taking part.',
];

export class AdminService {
  constructor(private readonly deps: { stores: Stores; hasher: PassphraseHasher; secret: string; clock: Clock }) {}

  async handleExists(handle: string): Promise<boolean> {
    return (await this.deps.stores.accounts.findIdByHandle(handleDigestFor(this.deps.secret, handle))) !== null;
  }

  async createAccount(role: AccountRole, handle: string, passphrase: string): Promise<CreatedAccount> {
    const { stores, hasher, clock } = this.deps;
    const verdict = checkPassphrase(passphrase, handle);
    if (!verdict.ok) throw new AdminError(verdict.reason);
    const [passphraseHash, { recoveryCode, recoveryHash }] = await Promise.all([hasher.hash(passphrase), issueRecoveryCode(hasher)]);
    const accountId = newEntityId();
    const outcome = await stores.accounts.create({
      id: accountId, handleDigest: handleDigestFor(this.deps.secret, handle), passphraseHash, recoveryHash,
      roles: [role], timeZone: null, createdAt: clock.now(),
    });
    if (outcome === 'handle_taken') throw new AdminError('That handle is already in use.');
    return { accountId, recoveryCode };
  }

  createPlatformAdmin(handle: string, passphrase: string): Promise<CreatedAccount> {
    return this.createAccount('platform_admin', handle, passphrase);
  }

  createFacilitator(handle: string, passphrase: string): Promise<CreatedAccount> {
    return this.createAccount('facilitator', handle, passphrase);
  }

  async createSponsor(name: string): Promise<string> {
    if (!name.trim()) throw new AdminError('A sponsor needs a name.');
    const id = newEntityId();
    await this.deps.stores.sponsors.saveSponsor({ id, name: name.trim(), createdAt: this.deps.clock.now() });
    return id;
  }

  /**
   * Makes an account the administrator of one sponsor: an existing sponsor-admin account, or a new
   * one when `passphrase` is given. A member account is refused: a physician's account is never
   * linked to a sponsor beyond a seat.
   */
  async grantSponsorAdmin(input: { handle: string; sponsorId: string; passphrase?: string }): Promise<{ accountId: string; recoveryCode: string | null }> {
    const { stores } = this.deps;
    if (!(await stores.sponsors.getSponsor(input.sponsorId))) throw new AdminError('There is no such sponsor.');
    const existingId = await stores.accounts.findIdByHandle(handleDigestFor(this.deps.secret, input.handle));
    if (existingId) {
      const account = await stores.accounts.get(existingId);
      if (!account) throw new AdminError('That account could not be read.');
      if (account.roles.some((role) => role !== 'sponsor_admin')) {
        throw new AdminError('That handle belongs to a member, facilitator or platform admin. A sponsor administrator needs an account of its own.');
      }
      await stores.sponsors.setAdmin(existingId, input.sponsorId);
      return { accountId: existingId, recoveryCode: null };
    }
    if (!input.passphrase) throw new AdminError('No account has that handle; give a passphrase to create a sponsor-admin account.');
    const created = await this.createAccount('sponsor_admin', input.handle, input.passphrase);
    await stores.sponsors.setAdmin(created.accountId, input.sponsorId);
    return created;
  }

  async createGroup(input: NewGroupInput): Promise<GroupRecord> {
    const { stores, clock } = this.deps;
    if (!input.name.trim()) throw new AdminError('A group needs a name.');
    if (!(await stores.sponsors.getSponsor(input.sponsorId))) throw new AdminError('There is no such sponsor.');
    if (!DateTime.now().setZone(input.timeZone).isValid) throw new AdminError(`Unknown time zone: ${input.timeZone}`);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.localStartTime)) throw new AdminError('The time must be HH:MM (24-hour).');
    if (input.weekdays.length === 0 || input.weekdays.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) throw new AdminError('Weekdays are 1 (Monday) to 7 (Sunday).');
    if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 15 || input.durationMinutes > 240) throw new AdminError('The duration must be 15 to 240 minutes.');
    if (!Number.isInteger(input.capacity) || input.capacity < 2 || input.capacity > 50) throw new AdminError('The capacity must be 2 to 50.');
    const schedule: WeeklyRule = {
      weekdays: [...new Set(input.weekdays)].sort(), everyWeeks: input.everyWeeks ?? 1, localStartTime: input.localStartTime,
      timeZone: input.timeZone, durationMinutes: input.durationMinutes,
      anchorDate: DateTime.fromMillis(clock.now(), { zone: input.timeZone }).toISODate() ?? '',
    };
    const group: GroupRecord = {
      id: newEntityId(), name: input.name.trim(), description: input.description.trim(), norms: input.norms.length > 0 ? input.norms : DEFAULT_NORMS,
      capacity: input.capacity, schedule, sponsorIds: [input.sponsorId], createdAt: clock.now(),
    };
    await stores.groups.saveGroup(group);
    await new SessionPlanner({ stores, clock }).planGroup(group);
    return group;
  }

  async assignFacilitator(handle: string, groupId: string): Promise<{ alias: string }> {
    const { stores, clock } = this.deps;
    const accountId = await stores.accounts.findIdByHandle(handleDigestFor(this.deps.secret, handle));
    const account = accountId ? await stores.accounts.get(accountId) : null;
    if (!account) throw new AdminError('No account has that handle.');
    if (!account.roles.includes('facilitator')) throw new AdminError('That account is not a facilitator.');
    if (!(await stores.groups.getGroup(groupId))) throw new AdminError('There is no such group.');
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const alias = `Facilitator ${generateAlias(randomIndex).split(' ').pop()}`;
      const outcome = await stores.groups.addMembership({
        groupId, accountId: account.id, memberRef: newEntityId(), alias, aliasKey: aliasKey(alias), role: 'facilitator',
        normsAcceptedAt: clock.now(), joinedAt: clock.now(), status: 'active',
      });
      if (outcome === 'added') return { alias };
      if (outcome === 'already_member') throw new AdminError('That account already has a membership in this group.');
    }
    throw new AdminError('Could not find a free alias; try again.');
  }

  /** Sessions starting within `days`, soonest first: group, instants and state, nothing about people. */
  async listUpcomingSessions(days = 7): Promise<{ groupId: string; groupName: string; sessionId: string; startsAt: number; endsAt: number; state: string }[]> {
    const { stores, clock } = this.deps;
    const now = clock.now();
    const rows = [];
    for (const groupId of await stores.groups.listGroupIds()) {
      const group = await stores.groups.getGroup(groupId);
      if (!group) continue;
      for (const session of await stores.sessions.listForGroup(groupId, now - 4 * 60 * 60_000, now + days * 24 * 60 * 60_000)) {
        if (session.state === 'closed' || session.endsAt < now) continue;
        rows.push({ groupId, groupName: group.name, sessionId: session.id, startsAt: session.startsAt, endsAt: session.endsAt, state: session.state });
      }
    }
    return rows.sort((a, b) => a.startsAt - b.startsAt);
  }
}
