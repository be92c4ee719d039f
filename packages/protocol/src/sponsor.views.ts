/**
 * What a sponsor administrator receives. Totals only: these views have no field for an alias, a
 * handle, message text, an account or member id, or any per-session attendance figure.
 */

export interface SponsorInviteView {
  code: string;
  seats: number;
  seatsUsed: number;
  seatsLeft: number;
  expiresAt: string;
  status: 'active' | 'paused' | 'revoked';
  /** Computed: active but past its expiry. */
  expired: boolean;
  groups: { id: string; name: string }[];
  createdAt: string;
}

export interface SponsorGroupView {
  id: string;
  name: string;
  description: string;
  schedule: { weekdays: number[]; everyWeeks: number; localStartTime: string; timeZone: string; durationMinutes: number };
  /** The next sessions' start and end instants (UTC, ISO 8601); no state, no attendance. */
  upcoming: { startsAt: string; endsAt: string }[];
}

/** A published figure: the number, or null with the text to show instead ("fewer than 5", "withheld"). */
export interface FigureView {
  value: number | null;
  text: string;
}

export interface SponsorReportView {
  sponsorName: string;
  generatedAt: string;
  /** Below this, a count of people is never shown. */
  threshold: number;
  seats: { issued: number; inUse: number };
  /** Months covered, oldest first, as YYYY-MM (UTC). */
  months: string[];
  groups: {
    id: string;
    name: string;
    /** Sessions held in the months covered (closed, not cancelled); not a count of people. */
    sessionsHeld: number;
    /** Distinct members who attended, one figure per month in `months`. */
    attendance: FigureView[];
    /** The sum of the group's monthly figures (member-months). */
    total: FigureView;
  }[];
  /** Per month, the sum over groups. */
  monthTotals: FigureView[];
  grandTotal: FigureView;
}

export interface SponsorCalendarFeedView {
  active: boolean;
  /** Only right after creating or rotating: the one URL that carries the feed's secret. */
  url: string | null;
  createdAt: string | null;
}

/** A sponsor's own settings. */
export interface SponsorSettingsView {
  /** Sign-ups per hour with any one of the sponsor's invite codes. */
  signUpsPerHour: number;
  /** Sign-ups per hour over all the sponsor's codes together (three times the figure above). */
  signUpsPerHourAllCodes: number;
  /** The range a sponsor may choose from, and the figure it has when it never chose. */
  limits: { min: number; max: number; default: number };
}
