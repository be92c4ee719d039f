/** Unguessable identifiers and secrets, from the operating system's random source. */
import { randomBytes, randomInt } from 'node:crypto';

export function newEntityId(): string {
  return randomBytes(12).toString('base64url');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const recoveryAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Five groups of five characters from a 32-letter alphabet: 125 bits, easy to read aloud. */
export function newRecoveryCode(): string {
  const groups: string[] = [];
  for (let group = 0; group < 5; group += 1) {
    let chunk = '';
    for (let index = 0; index < 5; index += 1) chunk += recoveryAlphabet[randomInt(recoveryAlphabet.length)]!;
    groups.push(chunk);
  }
  return groups.join('-');
}

/** Recovery codes compare without dashes, spaces or case. */
export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

export function randomIndex(exclusiveMax: number): number {
  return randomInt(exclusiveMax);
}
