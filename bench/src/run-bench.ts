/**
 * `pnpm bench [--quick] [--pairs N] [--charts] [--logins N] [--cpu-prof DIR] [--check-client] [--charts-from FILE] [--set JSON] [--kinds a,b]`: runs the Sunday-evening
 * benchmark, prints a table, writes bench/results/latest.json, and prints one JSON object with
 * the headline figures as its LAST line (for scripts). Progress goes to stderr.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALERT_P95_GOAL_MS, ALERT_PROBE_EVERY_MS, type BenchResults, type BenchSizes, type ServerKind, benchRoot, runBench, sizes } from './bench-harness';
import { renderCharts } from './latency-chart';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(name);

export function formatTable(results: BenchResults): string {
  const mb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const lines = [
    `Respite benchmark (${results.sizeName}), ${results.machine.nproc} CPUs ${results.machine.cpuModel}, node ${results.machine.node}, redis ${results.machine.redis}, pinned: ${results.machine.pinned}`,
    '',
    'server      pair  joined/tried  join p50/p99/max ms     cpu/join ms  chat p50/p99 ms  lost  cpu/delivery ms  knee ×  knee deliv/s  RSS/socket  login/s  loop p99 ms',
  ];
  for (const run of results.runs) {
    const c = run.chat;
    lines.push([
      run.kind.padEnd(11), String(run.pair).padEnd(5), `${run.storm.joined}/${run.storm.tried}`.padEnd(13),
      `${run.storm.latency.p50}/${run.storm.latency.p99}/${run.storm.latency.max}`.padEnd(23), String(run.storm.cpuMsPerJoin).padEnd(12),
      (c ? `${c.latency.p50}/${c.latency.p99}` : '-').padEnd(16), String(c?.lost ?? '-').padEnd(5), String(c?.cpuMsPerDelivery ?? '-').padEnd(16),
      (run.knee ? `${run.knee.kneeMultiplier}${run.knee.reached ? '' : '+'}` : '-').padEnd(7), String(run.knee?.kneeDeliveriesPerSecond ?? '-').padEnd(13),
      mb(run.memory.bytesPerSocket).padEnd(11), String(run.login?.perSecond ?? '-').padEnd(8), String(run.login?.serverLoopP99Ms ?? '-'),
    ].join(' '));
  }
  for (const raw of results.rawArgon2) lines.push(`raw argon2  ${raw.pair}     ${raw.count} hashes, ${raw.concurrency} at a time: ${raw.perSecond}/s`);
  lines.push('', 'knee steps (multiplier: sends/s, deliveries, p99 ms, lost, generator CPU):');
  for (const run of results.runs) {
    if (!run.knee) continue;
    lines.push(`  ${run.kind} pair ${run.pair}: ${run.knee.steps.map((step) => `×${step.multiplier}: ${step.result.sendsPerSecond}/s, ${step.result.received}, ${step.result.latency.p99}, ${step.result.lost}, ${Math.round(step.result.cpuFraction * 100)}%`).join(' | ')}`);
  }
  const probed = results.runs.filter((run) => run.chat?.alerts);
  if (probed.length > 0) lines.push('', `crisis alerts during the Sunday-rate chat (one every ${ALERT_PROBE_EVERY_MS} ms; goal p95 ≤ ${ALERT_P95_GOAL_MS} ms):`);
  for (const run of probed) {
    const alerts = run.chat!.alerts!;
    lines.push(`  ${run.kind} pair ${run.pair}: raised ${alerts.raised}, reached the facilitator ${alerts.received}, lost ${alerts.lost}, p50/p95/p99/max ${alerts.latency.p50}/${alerts.latency.p95}/${alerts.latency.p99}/${alerts.latency.max} ms`);
  }
  for (const note of results.notes) lines.push(`note: ${note}`);
  lines.push('', results.summary.valid ? 'valid: the generator was not the bottleneck' : `INVALID: ${results.invalidReasons.join('; ')}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const sizeName = flag('--tiny') ? 'tiny' : flag('--quick') ? 'quick' : 'full';
  const chosen: BenchSizes = { ...sizes[sizeName] };
  if (argument('--pairs')) chosen.pairs = Number(argument('--pairs'));
  if (argument('--logins')) chosen.loginAccounts = Number(argument('--logins'));
  // For profiling one change: `--set '{"stormGroups":200,"kneeMultipliers":[]}' --kinds hub,bare`.
  if (argument('--set')) Object.assign(chosen, JSON.parse(argument('--set')!) as Partial<BenchSizes>);
  const kinds = argument('--kinds')?.split(',') as ServerKind[] | undefined;
  const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  const resultsDir = path.join(benchRoot, 'results');
  mkdirSync(resultsDir, { recursive: true });

  const chartsFrom = argument('--charts-from');
  if (chartsFrom) {
    // Redraws the charts of a saved result without running anything.
    console.log(renderCharts(JSON.parse(readFileSync(path.resolve(chartsFrom), 'utf8')) as BenchResults, path.resolve(benchRoot, '..', 'docs')).join('\n'));
    return;
  }

  if (flag('--check-client')) {
    // One check of the thin client against socket.io-client, at the quick size against bare+redis,
    // at the Sunday rate and at ×16 (where the generator's own cost starts to show).
    const check = { ...sizes.quick, pairs: 1, kneeMultipliers: [16], loginAccounts: 0 };
    const thin = await runBench({ sizeName: 'quick', sizes: check, kinds: ['bare+redis'], client: 'thin', log });
    const sio = await runBench({ sizeName: 'quick', sizes: check, kinds: ['bare+redis'], client: 'socket.io-client', log });
    const row = (name: string, results: BenchResults) => {
      const run = results.runs[0]!;
      return { client: name, stormP99Ms: run.storm.latency.p99, stormGeneratorCpu: run.storm.cpuFraction, chatP50Ms: run.chat?.latency.p50, chatP99Ms: run.chat?.latency.p99, chatGeneratorCpu: run.chat?.cpuFraction, lost: run.chat?.lost, x16P99Ms: run.knee?.steps[1]?.result.latency.p99, x16GeneratorCpu: run.knee?.steps[1]?.result.cpuFraction, x16Lost: run.knee?.steps[1]?.result.lost };
    };
    const comparison = [row('thin', thin), row('socket.io-client', sio)];
    writeFileSync(path.join(resultsDir, 'client-check.json'), `${JSON.stringify(comparison, null, 2)}\n`);
    console.log(comparison.map((entry) => JSON.stringify(entry)).join('\n'));
    return;
  }

  const cpuProfileDir = argument('--cpu-prof');
  const results = await runBench({ sizeName: argument('--set') ? 'custom' : sizeName, sizes: chosen, kinds, cpuProfileDir: cpuProfileDir ? path.resolve(cpuProfileDir) : null, log });
  writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (flag('--charts')) renderCharts(results, path.resolve(benchRoot, '..', 'docs'));
  console.log(formatTable(results));
  console.log(JSON.stringify(results.summary));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
