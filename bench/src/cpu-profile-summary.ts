/**
 * `tsx src/cpu-profile-summary.ts <file.cpuprofile> [top]`: the functions with the most self time
 * in a V8 CPU profile (from `node --cpu-prof`, as `pnpm bench --cpu-prof DIR` writes for each server),
 * with their share of the sampled time, grouped by function and file.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export function topSelfTime(profile: CpuProfile, top = 20): { name: string; where: string; selfMs: number; share: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, { name: string; where: string; micros: number }>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    if (!node) return;
    total += delta;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/.*\/work\/main\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName}|${where}`;
    const entry = selfMicros.get(key) ?? { name: functionName || '(anonymous)', where, micros: 0 };
    entry.micros += delta;
    selfMicros.set(key, entry);
  });
  return [...selfMicros.values()].sort((a, b) => b.micros - a.micros).slice(0, top)
    .map((entry) => ({ name: entry.name, where: entry.where, selfMs: Math.round(entry.micros / 1000), share: Math.round((entry.micros / total) * 1000) / 10 }));
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: cpu-profile-summary <file.cpuprofile> [top]');
  const rows = topSelfTime(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(process.argv[3] ?? 20));
  for (const row of rows) console.log(`${String(row.share).padStart(5)}%  ${String(row.selfMs).padStart(7)} ms  ${row.name}  ${row.where}`);
}
