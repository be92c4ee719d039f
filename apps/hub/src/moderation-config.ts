/**
 * The deployment's moderation and safety settings: extra crisis-detector patterns and the crisis
 * resources, each optionally from a JSON file, and the moderation record's retention. Read once at
 * start-up by config.ts; a file that is missing or malformed stops the start with a clear error.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createCrisisDetector } from '@respite/domain';
import type { CrisisResourceView } from '@respite/protocol';

/** What members see when they ask for help or write words that signal risk. */
export const defaultCrisisResources: readonly CrisisResourceView[] = [
  { name: '988 Suicide & Crisis Lifeline', detail: 'Call or text 988, or chat at 988lifeline.org. Free, confidential, 24/7.', href: 'tel:988' },
  { name: '988 by text', detail: 'Text 988 from any US phone.', href: 'sms:988' },
  { name: 'Physician Support Line', detail: '1-888-409-0141, 8 am to 1 am Eastern, every day. Volunteer psychiatrists, for physicians.', href: 'tel:+18884090141' },
  { name: 'Emergency', detail: 'Call 911 if you are in immediate danger.', href: 'tel:911' },
];

export interface ModerationSettings {
  crisisExtraPatterns: string[];
  crisisResources: CrisisResourceView[];
  recordRetentionMs: number;
}

const patternsFile = z.array(z.string().min(1).max(500)).max(500);
const resourcesFile = z.array(z.strictObject({ name: z.string().min(1).max(120), detail: z.string().min(1).max(500), href: z.string().max(200).nullable() })).min(1).max(20);

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Invalid configuration: ${what} could not be read as JSON (${(error as Error).message})`);
  }
}

export function loadModerationSettings(input: { crisisPatternsFile?: string; crisisResourcesFile?: string; retentionDays: number }): ModerationSettings {
  const crisisExtraPatterns = input.crisisPatternsFile ? patternsFile.parse(readJson(input.crisisPatternsFile, 'CRISIS_PATTERNS_FILE')) : [];
  createCrisisDetector({ extraPatterns: crisisExtraPatterns }); // throws now on a pattern that does not compile
  const crisisResources = input.crisisResourcesFile
    ? resourcesFile.parse(readJson(input.crisisResourcesFile, 'CRISIS_RESOURCES_FILE'))
    : defaultCrisisResources.map((resource) => ({ ...resource }));
  return { crisisExtraPatterns, crisisResources, recordRetentionMs: input.retentionDays * 24 * 60 * 60_000 };
}
