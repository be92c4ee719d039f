// docs/protocol.md is what an independent client is written from: every socket event of the
// contract has its row there (§9, §10), and no row names an event the contract does not have.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { clientEventNames, serverEventNames } from './index';

const doc = readFileSync(path.resolve(__dirname, '../../../docs/protocol.md'), 'utf8');
/** Event names in the first cell of a table row: "| `a:b` |" or "| `a:b` / `a:c` |". */
const documented = new Set(
  [...doc.matchAll(/^\| ((?:`[a-z-]+:[a-z-]+`(?: \/ )?)+) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([a-z-]+:[a-z-]+)`/g)].map((name) => name[1]!)),
);

describe('docs/protocol.md and the socket contract', () => {
  it('has a row for every client and every server event', () => {
    expect(clientEventNames.filter((name) => !documented.has(name))).toEqual([]);
    expect(serverEventNames.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents no event the contract does not declare', () => {
    const declared = new Set<string>([...clientEventNames, ...serverEventNames]);
    expect([...documented].filter((name) => !declared.has(name))).toEqual([]);
  });

  it('counts the client events as the contract does', () => {
    const counted = /one of the (\d+) client events/.exec(doc);
    expect(counted).not.toBeNull();
    expect(Number(counted![1])).toBe(clientEventNames.length);
  });
});
