/**
 * The admin CLI: `pnpm admin <command> [--option value …]`. Reads the hub's configuration and
 * refuses to run without REDIS_URL (in-memory stores would vanish when it exits). Passphrases are
 * read from a hidden prompt on a terminal, or from the first line of stdin; never from arguments,
 * so they stay out of shell history. Never prints a passphrase.
 */
import { createInterface } from 'node:readline';
import { systemClock } from './clock';
import { loadConfig } from './config';
import { AdminError, AdminService } from './services/admin.service';
import { PassphraseHasher } from './services/passphrase-hasher';
import { connectRedis, createRedisStores } from './stores/stores';

const usage = `Usage: pnpm admin <command> [options]

  create-platform-admin --handle <handle>          prompts for the passphrase; prints the recovery code once
  create-sponsor --name <name>                     prints the sponsor id
  grant-sponsor-admin --handle <handle> --sponsor <id>
                                                   links an existing sponsor-admin account, or creates one
                                                   (prompts for its passphrase) when the handle is new
  create-group --name <n> --description <d> --weekday <1-7[,1-7]> --time <HH:MM> --tz <IANA zone>
               --duration <minutes> --capacity <n> --sponsor <id> [--norms-file <file, one norm a line>]
  create-facilitator --handle <handle>             prompts for the passphrase; prints the recovery code once
  create-on-call --handle <handle>                 an on-call account (told of crisis alerts no facilitator
                                                   could be reached for); prompts for the passphrase
  assign-facilitator --handle <handle> --group <id>
  list-upcoming-sessions [--days <n>]

Needs REDIS_URL (and the same RESPITE_SECRET and REDIS_KEY_PREFIX as the hubs).`;

export function parseArguments(argv: string[]): { command: string | undefined; options: Record<string, string> } {
  const [command, ...rest] = argv;
  const options: Record<string, string> = {};
  for (let index = 0; index < rest.length; index += 1) {
    const token = rest[index]!;
    if (!token.startsWith('--')) throw new AdminError(`Unexpected argument: ${token}`);
    const value = rest[index + 1];
    if (value === undefined || value.startsWith('--')) throw new AdminError(`Option ${token} needs a value.`);
    options[token.slice(2)] = value;
    index += 1;
  }
  return { command, options };
}

function required(options: Record<string, string>, name: string): string {
  const value = options[name];
  if (!value) throw new AdminError(`Missing --${name}.`);
  return value;
}

/** Reads a passphrase without echoing it on a terminal; from the first line of stdin otherwise. */
async function readPassphrase(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  process.stderr.write(prompt);
  const muted = terminal as unknown as { _writeToOutput: (text: string) => void };
  muted._writeToOutput = () => {};
  const answer = await new Promise<string>((resolve) => terminal.question('', resolve));
  terminal.close();
  process.stderr.write('\n');
  return answer;
}

async function main(): Promise<number> {
  const { command, options } = parseArguments(process.argv.slice(2));
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${usage}\n`);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  if (!config.redis) {
    process.stderr.write('Refusing to run: REDIS_URL is not set. The admin CLI writes to the durable Redis the hubs use; in-memory stores would vanish when it exits.\n');
    return 2;
  }
  const stores = createRedisStores(connectRedis(config.redis), config.redis.keyPrefix, systemClock);
  const admin = new AdminService({ stores, hasher: new PassphraseHasher(1), secret: config.secret, clock: systemClock });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  try {
    switch (command) {
      case 'create-platform-admin':
      case 'create-facilitator':
      case 'create-on-call': {
        const handle = required(options, 'handle');
        const passphrase = await readPassphrase(`Passphrase for ${handle} (at least 15 characters): `);
        const role = ({ 'create-platform-admin': 'platform_admin', 'create-facilitator': 'facilitator', 'create-on-call': 'on_call' } as const)[command];
        const created = await admin.createAccount(role, handle, passphrase);
        print(`Created account ${created.accountId}.`);
        print(`Recovery code (shown once; give it to the account holder): ${created.recoveryCode}`);
        break;
      }
      case 'create-sponsor':
        print(`Created sponsor ${await admin.createSponsor(required(options, 'name'))}.`);
        break;
      case 'grant-sponsor-admin': {
        const handle = required(options, 'handle');
        const sponsorId = required(options, 'sponsor');
        const exists = await admin.handleExists(handle);
        const passphrase = exists ? undefined : await readPassphrase(`New sponsor-admin account. Passphrase for ${handle}: `);
        const granted = await admin.grantSponsorAdmin({ handle, sponsorId, passphrase });
        print(`Account ${granted.accountId} administers sponsor ${sponsorId}.`);
        if (granted.recoveryCode) print(`Recovery code (shown once): ${granted.recoveryCode}`);
        break;
      }
      case 'create-group': {
        const normsFile = options['norms-file'];
        const norms = normsFile ? (await import('node:fs')).readFileSync(normsFile, 'utf8').split(/\r?\n/).map((line) => line.trim()).filter(Boolean) : [];
        const group = await admin.createGroup({
          name: required(options, 'name'), description: options.description ?? '',
          weekdays: required(options, 'weekday').split(',').map(Number), localStartTime: required(options, 'time'), timeZone: required(options, 'tz'),
          durationMinutes: Number(required(options, 'duration')), capacity: Number(required(options, 'capacity')), sponsorId: required(options, 'sponsor'), norms,
        });
        print(`Created group ${group.id} (${group.name}); sessions planned for the next three weeks.`);
        break;
      }
      case 'assign-facilitator': {
        const assigned = await admin.assignFacilitator(required(options, 'handle'), required(options, 'group'));
        print(`Assigned as "${assigned.alias}".`);
        break;
      }
      case 'list-upcoming-sessions': {
        const rows = await admin.listUpcomingSessions(options.days ? Number(options.days) : 7);
        if (rows.length === 0) print('No sessions in that window.');
        for (const row of rows) print(`${new Date(row.startsAt).toISOString()}  ${row.state.padEnd(9)} ${row.sessionId}  ${row.groupName}`);
        break;
      }
      default:
        process.stderr.write(`Unknown command: ${command}\n\n${usage}\n`);
        return 1;
    }
    return 0;
  } finally {
    await stores.close();
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code), (error: unknown) => {
    process.stderr.write(`${error instanceof AdminError ? error.message : `Failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    process.exit(1);
  });
}
