import { isRoomOpen, nextMilestone, sessionStateLabels } from './session-status';

const session = {
  lobbyOpensAt: '2025-01-01T18:50:00.000Z',
  startsAt: '2025-01-01T19:00:00.000Z',
  endsAt: '2025-01-01T20:30:00.000Z',
};

describe('isRoomOpen', () => {
  it('opens the room in the lobby, live and closing states only', () => {
    expect(['scheduled', 'lobby', 'live', 'closing', 'closed'].filter((s) => isRoomOpen(s as never))).toEqual([
      'lobby', 'live', 'closing',
    ]);
  });
});

describe('nextMilestone', () => {
  it('counts down to what comes next in each state', () => {
    expect(nextMilestone({ ...session, state: 'scheduled' })).toEqual({ at: session.lobbyOpensAt, label: 'Waiting room opens in' });
    expect(nextMilestone({ ...session, state: 'lobby' })).toEqual({ at: session.startsAt, label: 'Starts in' });
    expect(nextMilestone({ ...session, state: 'live' })?.at).toBe(session.endsAt);
    expect(nextMilestone({ ...session, state: 'closing' })?.at).toBe(session.endsAt);
    expect(nextMilestone({ ...session, state: 'closed' })).toBeNull();
  });
});

describe('sessionStateLabels', () => {
  it('has a label for live sessions', () => {
    expect(sessionStateLabels.live).toBe('Live now');
  });
});
