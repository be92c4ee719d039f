/**
 * The privacy guard: before a message is sent, the web app asks whether it seems to hold a
 * patient identifier (record number, date of birth, phone number, email address) or the sender's
 * own identifying details. It only warns: the member may edit or send anyway. Pure, runs in the
 * browser, and answers kinds only, never the matched text. Measured in docs/safety.md against
 * privacy-guard.fixture.ts.
 */

export const privacyWarningKinds = ['record_number', 'date_of_birth', 'phone_number', 'email_address', 'own_identity'] as const;
export type PrivacyWarningKind = (typeof privacyWarningKinds)[number];

/** Crisis lines may be shared freely: they are not anybody's identifier. */
const CRISIS_LINE_NUMBERS = [/\b1?[-. ]?888[-. ]?409[-. ]?0141\b/g, /\b988\b/g, /\b911\b/g];

const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`;

const rules: readonly { kind: PrivacyWarningKind; pattern: RegExp }[] = [
  { kind: 'email_address', pattern: /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/i },
  { kind: 'phone_number', pattern: /(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\b\d{10}\b|\bext\.? ?\d{3,5}\b|\bpager\s*#?\s*\d{4,}/i },
  { kind: 'record_number', pattern: /\b(?:mrn|mr#|medical record|record (?:number|no\.?|#)|chart (?:number|no\.?|#)|acct|account (?:number|#)|fin|csn|ssn|social security)\b\s*(?:is|:|#|no\.?)?\s*[a-z]?\d[\d-]{3,}|\b\d{3}-\d{2}-\d{4}\b|\b(?=[a-z]*\d)[a-z]{0,2}\d{6,9}\b(?!\s*(?:mg|mcg|ml|units|dollars|steps|people|patients|years))/i },
  {
    kind: 'date_of_birth',
    pattern: new RegExp(String.raw`\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born on)\b\s*[:is]*\s*\S|\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}\b|\b${MONTH} \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)? ${MONTH},? (?:19|20)\d{2}\b`, 'i'),
  },
  {
    kind: 'own_identity',
    pattern: new RegExp([
      String.raw`\bmy (?:full |real )?name is\b`,
      String.raw`\b(?:i'm|i am|this is) dr\.? [a-z]+`,
      String.raw`\bmy (?:npi|dea|license|licence|badge|employee) (?:number|no\.?|#)`,
      String.raw`\b(?:i'm|i am) the (?:only|sole|chief|head|chair|program director|medical director)\b`,
      String.raw`\b(?:find|reach|text|call|email|add) me (?:at|on)\b`,
      String.raw`\bmy (?:instagram|twitter|linkedin|facebook|handle|username|home address|address) is\b`,
    ].join('|'), 'i'),
  },
];

/** Workplace names: proper names start with a capital, so these run on the text as written. */
const workplacePattern = new RegExp([
  String.raw`\b[Ii] (?:work|practice|trained|train|am a resident|am an attending|am a fellow|am on staff) (?:at|in|for) (?:the )?[A-Z][\w'&.-]*`,
  String.raw`\b(?:at|from) (?:[A-Z][\w'&.-]* ){1,4}(?:Hospital|Medical Center|Health|Clinic|Infirmary|Children's|hospital|medical center|clinic)\b`,
].join('|'), 'u');

/**
 * The kinds of identifying detail the text seems to hold, each once, in a fixed order.
 */
export function checkPrivacy(text: string): PrivacyWarningKind[] {
  let scrubbed = text.replace(/[\u2018\u2019]/g, "'");
  for (const line of CRISIS_LINE_NUMBERS) scrubbed = scrubbed.replace(line, ' ');
  const found = new Set<PrivacyWarningKind>();
  for (const rule of rules) if (rule.pattern.test(scrubbed)) found.add(rule.kind);
  if (workplacePattern.test(scrubbed)) found.add('own_identity');
  return privacyWarningKinds.filter((kind) => found.has(kind));
}

/** Words for each kind, for the composer's warning. */
export const privacyWarningLabels: Record<PrivacyWarningKind, string> = {
  record_number: 'a record or account number',
  date_of_birth: 'a date of birth or full date',
  phone_number: 'a phone or pager number',
  email_address: 'an email address',
  own_identity: 'details that could identify you',
};
