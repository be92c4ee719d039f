import { createCrisisDetector, normaliseForDetection } from './crisis-detector';
import { crisisFixture, crisisHeldOutFixture } from './crisis-detector.fixture';

describe('the crisis detector', () => {
  const detector = createCrisisDetector();

  it('flags direct first-person risk and leaves a plain update alone', () => {
    expect(detector.detect('I want to kill myself').risk).toBe(true);
    expect(detector.detect("I don't want to be here anymore").risk).toBe(true);
    expect(detector.detect('Long night on call, glad it is over').risk).toBe(false);
  });

  it('does not alarm on clinical talk about patients', () => {
    expect(detector.detect('My patient overdosed last night').risk).toBe(false);
    expect(detector.detect('I did a suicide risk assessment today').risk).toBe(false);
  });

  it('answers rule ids only, never the text', () => {
    const detection = detector.detect('I want to die, Zebra42');
    expect(detection.ruleIds.length).toBeGreaterThan(0);
    expect(JSON.stringify(detection)).not.toContain('Zebra42');
  });

  it('takes extra patterns from the deployment, and refuses one that does not compile', () => {
    expect(detector.detect('unalive').risk).toBe(false);
    expect(createCrisisDetector({ extraPatterns: ['\\bunalive\\b'] }).detect('I want to unalive').ruleIds).toEqual(['deployment-1']);
    expect(() => createCrisisDetector({ extraPatterns: ['('] })).toThrow();
  });

  it('normalises curly apostrophes and case', () => {
    expect(normaliseForDetection('I DON\u2019T   want')).toBe("i don't want");
  });

  it('is measured on the labelled set (misses and false alarms printed; docs/safety.md records them)', () => {
    const misses = crisisFixture.filter(([text, risk]) => risk && !detector.detect(text).risk).map(([text]) => text);
    const falseAlarms = crisisFixture.filter(([text, risk]) => !risk && detector.detect(text).risk).map(([text]) => text);
    const risky = crisisFixture.filter(([, risk]) => risk).length;
    console.log(`crisis detector on ${crisisFixture.length} sentences: ${misses.length}/${risky} misses, ${falseAlarms.length}/${crisisFixture.length - risky} false alarms\nmisses:\n  ${misses.join('\n  ')}\nfalse alarms:\n  ${falseAlarms.join('\n  ')}`);
    expect(crisisFixture.length).toBeGreaterThanOrEqual(100);
    // Thresholds pin the measured quality so a regression fails: at most 15% misses, 10% false alarms.
    expect(misses.length / risky).toBeLessThanOrEqual(0.15);
    expect(falseAlarms.length / (crisisFixture.length - risky)).toBeLessThanOrEqual(0.1);
  });

  it('is also measured on a held-out set written after the rules were tuned (printed, loosely bounded)', () => {
    const risky = crisisHeldOutFixture.filter(([, risk]) => risk).length;
    const misses = crisisHeldOutFixture.filter(([text, risk]) => risk && !detector.detect(text).risk).map(([text]) => text);
    const falseAlarms = crisisHeldOutFixture.filter(([text, risk]) => !risk && detector.detect(text).risk).map(([text]) => text);
    console.log(`held-out: ${misses.length}/${risky} misses, ${falseAlarms.length}/${crisisHeldOutFixture.length - risky} false alarms\nmisses:\n  ${misses.join('\n  ')}\nfalse alarms:\n  ${falseAlarms.join('\n  ')}`);
    expect(misses.length / risky).toBeLessThanOrEqual(0.5);
    expect(falseAlarms.length / (crisisHeldOutFixture.length - risky)).toBeLessThanOrEqual(0.25);
  });
});
