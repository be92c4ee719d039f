import { checkPrivacy } from './privacy-guard';
import { privacyFixture } from './privacy-guard.fixture';

describe('the privacy guard', () => {
  it('names each kind of identifying detail it sees, once', () => {
    expect(checkPrivacy('MRN 1234567, DOB 3/4/1960, call 312-555-0199 or a@b.org')).toEqual(['record_number', 'date_of_birth', 'phone_number', 'email_address']);
    expect(checkPrivacy('My name is Ann and I work at General Hospital')).toEqual(['own_identity']);
  });

  it('leaves ordinary talk and the crisis lines alone', () => {
    expect(checkPrivacy('Rough night, 4 mg of morphine and a long code.')).toEqual([]);
    expect(checkPrivacy('Call 988 or the Physician Support Line at 1-888-409-0141.')).toEqual([]);
  });

  it('is measured on the labelled set (misses and false alarms printed; docs/safety.md records them)', () => {
    const misses = privacyFixture.filter(([text, flagged]) => flagged && checkPrivacy(text).length === 0).map(([text]) => text);
    const falseAlarms = privacyFixture.filter(([text, flagged]) => !flagged && checkPrivacy(text).length > 0).map(([text]) => `${text} → ${checkPrivacy(text).join(',')}`);
    const positives = privacyFixture.filter(([, flagged]) => flagged).length;
    console.log(`privacy guard on ${privacyFixture.length} messages: ${misses.length}/${positives} misses, ${falseAlarms.length}/${privacyFixture.length - positives} false alarms\nmisses:\n  ${misses.join('\n  ')}\nfalse alarms:\n  ${falseAlarms.join('\n  ')}`);
    expect(privacyFixture.length).toBeGreaterThanOrEqual(100);
    expect(misses.length / positives).toBeLessThanOrEqual(0.15);
    expect(falseAlarms.length / (privacyFixture.length - positives)).toBeLessThanOrEqual(0.1);
  });
});
