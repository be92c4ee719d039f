/**
 * Spots words in a message that signal a risk of self-harm, so the hub can show the sender crisis
 * resources and alert the facilitators privately. Pure and deliberately simple: a list of
 * first-person phrasings (clinical talk about patients should not alarm), extendable by the
 * deployment. It answers rule ids only: it never returns, logs or stores the text it reads.
 * It is a prompt to offer help, not a diagnosis; misses and false alarms are measured in
 * docs/safety.md against crisis-detector.fixture.ts.
 */

export interface CrisisRule {
  id: string;
  pattern: RegExp;
}

const SELF = String.raw`(?:i|i'm|im|i am|i've|ive|i have|i'd|id|i would|i just|i really|i kind of|i kinda|i sometimes|i keep|i still)`;

/** The built-in rules. Patterns run on lower-cased text with straight apostrophes and single spaces. */
export const defaultCrisisRules: readonly CrisisRule[] = [
  { id: 'harm-myself', pattern: /\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|end|ending|off|offing|poison|poisoning|hang|hanging|shoot|shooting) myself\b(?! (?:a break|some slack))|\bkms\b/ },
  { id: 'end-my-life', pattern: /\b(?:end|ending|take|taking|end all of|ending all of) my (?:own )?life\b(?! back)/ },
  { id: 'want-to-die', pattern: new RegExp(String.raw`\b${SELF}\s*(?:\w+\s){0,3}?(?:want|wants|wanted|wanna|wish|wished|hope|am ready|'m ready) (?:to )?(?:die|be dead|not be alive|not exist|stop existing|disappear forever)\b(?! in\b)|\bpart of me wants to die\b|\b(?:i'd|i would) rather (?:be dead|die)\b`) },
  { id: 'wish-dead', pattern: /\bwish (?:i|i'd) (?:was|were|had been) (?:dead|never born|gone)\b/ },
  { id: 'not-want-to-live', pattern: /\b(?:don't|dont|do not|didn't|no longer) (?:want|wanna|wish) to (?:live|be alive|be here|exist|wake up|go on|keep living|keep going)\b/ },
  { id: 'not-wake-up', pattern: /\b(?:hope|wish|pray|wouldn't mind if|would not mind if|be fine if|okay if|ok if) (?:i|that i) (?:don't|dont|do not|didn't|never|wouldn't|won't) (?:wake up|woke up)\b/ },
  { id: 'better-off-without-me', pattern: /\bbetter (?:off )?without me\b|\b(?:better off|be happier|be fine|be easier) (?:without me|if i (?:was|were|wasn't|weren't) (?:gone|dead|here|around)|with me (?:gone|dead))\b/ },
  { id: 'no-reason-to-live', pattern: /\b(?:what's|what is) the point (?:of|in) (?:living|going on|being alive)\b|\btired of (?:living|being alive|existing)\b|\bcan't do (?:life|living) anymore\b|\b(?:want|need) (?:it|it all|everything) to (?:be over|end|stop) (?:for good|forever|permanently)\b|\bno (?:reason|point|purpose) (?:to|in|for) (?:live|living|going on|being alive|being here|keep going|me being here)\b/ },
  { id: 'end-it-all', pattern: /\b(?:end it all|ending it all|end it tonight|end things|ending things|end it for good|check out for good|make it stop for good)\b/ },
  { id: 'suicidal-self', pattern: new RegExp(String.raw`\b(?:${SELF}|myself|me)\s*(?:been |feel |feeling |am |'m |have |had |having |keep )?(?:\w+\s){0,2}?(?:(?:think|thinking|thought|thoughts) (?:about|of) suicide|suicidal(?! patient)|(?:attempted|attempt) suicide)\b`) },
  { id: 'not-be-around', pattern: /\b(?:won't|will not|wont|might not|may not|not going to) be (?:around|here) (?:much longer|for long|anymore|next week|for the next session)\b/ },
  { id: 'burden', pattern: /\b(?:i am|i'm|im|i feel like|feel like i'm|i've become) (?:just |such |only )?(?:a burden|a waste of space|worthless to everyone)\b(?!-)/ },
  { id: 'method-lookup', pattern: /\b(?:looked up|googled|researched|searched|read up on) (?:lethal|fatal|overdose) (?:doses?|amounts?)\b|\b(?:take|taking|swallow|swallowing) (?:all|the whole bottle of|a bottle of|every one of) (?:my|the|these|those) (?:pills|meds|tablets)\b/ },
  { id: 'not-alive-future', pattern: /\b(?:don't|do not|can't) see myself (?:being )?(?:alive|around|here) (?:next|in|by)\b|\bif i (?:crashed|died|was gone|were gone|wasn't here|weren't here|didn't come back)\b[^.!?]{0,50}\b(?:solve|fix|easier|better for everyone|relief)\b|\bsaying goodbye to (?:people|everyone)\b[^.!?]{0,40}\b(?:without|for good|one last)\b/ },
  { id: 'nobody-would-miss-me', pattern: /\b(?:nobody|no one|noone) would (?:miss me|(?:notice|care) if i (?:was |were )?(?:gone|died|dead|disappeared|wasn't here|weren't here))\b/ },
  { id: 'method-access', pattern: new RegExp(String.raw`\b${SELF}\s*(?:\w+\s){0,4}?(?:stockpil\w*|saving up|hoarding|collected|have enough|know how much|know exactly how much|looked up how much|looked up doses)\b[^.!?]{0,40}\b(?:pills|meds|medication|insulin|potassium|opioids|fentanyl|propofol|dose|doses|rope|gun)\b`) },
  { id: 'plan-to-die', pattern: new RegExp(String.raw`\b${SELF}\s*(?:\w+\s){0,3}?(?:have a plan|made a plan|planned|been planning|written|wrote|writing) (?:to end it|to die|how i'd do it|how to do it|my (?:suicide|goodbye|last) (?:note|letter)s?|a (?:suicide|goodbye) (?:note|letter))\b`) },
  { id: 'final-goodbye', pattern: /\b(?:this is (?:my|the) last (?:time|session|message) (?:you'll|you will) (?:hear|see)|goodbye (?:everyone|all),? (?:for good|forever|this is it)|say goodbye for good)\b/ },
  { id: 'self-harm', pattern: new RegExp(String.raw`\b${SELF}\s*(?:\w+\s){0,3}?(?:self[- ]?harm\w*|started cutting|been cutting|relapsed on cutting)\b`) },
  { id: 'jump', pattern: new RegExp(String.raw`\b${SELF}\s*(?:\w+\s){0,4}?(?:jump|jumping|drive|driving|crash|crashing|step|stepping) (?:off|from|into|in front of) (?:the |a |my )?(?:bridge|roof|building|parking garage|window|traffic|train|truck|wall)\b`) },
  { id: 'disappear-forever', pattern: /\b(?:i|i'd|i just) (?:want|wanna|like) to (?:disappear|vanish|fade away|go to sleep) (?:forever|and not come back|for good|and never wake up)\b/ },
];

export interface CrisisDetection {
  risk: boolean;
  /** Ids of the rules that matched; never the text. */
  ruleIds: string[];
}

export interface CrisisDetector {
  detect(text: string): CrisisDetection;
}

/** Lower-case, straight apostrophes, one space: what every pattern expects. */
export function normaliseForDetection(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/\s+/g, ' ').trim();
}

/**
 * Builds a detector from the built-in rules plus the deployment's extra pattern sources (regular
 * expression strings, case-insensitive). An extra pattern that does not compile throws here, at
 * start-up, rather than silently detecting nothing.
 */
export function createCrisisDetector(options: { extraPatterns?: readonly string[] } = {}): CrisisDetector {
  const extra = (options.extraPatterns ?? []).map((source, index): CrisisRule => ({ id: `deployment-${index + 1}`, pattern: new RegExp(source, 'i') }));
  const rules = [...defaultCrisisRules, ...extra];
  return {
    detect(text: string): CrisisDetection {
      const normalised = normaliseForDetection(text);
      const ruleIds = rules.filter((rule) => rule.pattern.test(normalised)).map((rule) => rule.id);
      return { risk: ruleIds.length > 0, ruleIds };
    },
  };
}
