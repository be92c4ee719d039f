/** Draws latency against load from a benchmark result as small, dependency-free SVG line charts. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResults } from './bench-harness';

interface Series { name: string; color: string; points: { x: number; y: number }[] }

/**
 * `yCap`: the top of the latency axis; a point above it is drawn on the top edge as an open circle
 * (a step far past the knee would otherwise squash everything under the threshold into one line).
 */
function lineChart(title: string, xLabel: string, yLabel: string, series: Series[], threshold?: number, yCap = Number.POSITIVE_INFINITY): string {
  const width = 640, height = 360, left = 64, right = 160, top = 36, bottom = 48;
  const all = series.flatMap((entry) => entry.points);
  const maxX = Math.max(1, ...all.map((point) => point.x)) * 1.05;
  const maxY = Math.min(yCap, Math.max(threshold ?? 0, ...all.map((point) => point.y)) * 1.1) || 1;
  const x = (value: number) => left + (value / maxX) * (width - left - right);
  const y = (value: number) => height - bottom - (Math.min(value, maxY) / maxY) * (height - top - bottom);
  const ticks = (max: number) => Array.from({ length: 5 }, (_, index) => (max / 5) * (index + 1));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${title}</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>`,
    ...ticks(maxX).map((tick) => `<text x="${x(tick)}" y="${height - bottom + 16}" text-anchor="middle">${Math.round(tick)}</text>`),
    ...ticks(maxY).map((tick) => `<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end">${Math.round(tick)}</text><line x1="${left}" x2="${width - right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#eee"/>`),
    `<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle">${xLabel}</text>`,
    `<text transform="translate(16 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`,
  ];
  if (threshold !== undefined) parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(threshold)}" y2="${y(threshold)}" stroke="#c00" stroke-dasharray="4 4"/><text x="${width - right + 4}" y="${y(threshold) + 4}" fill="#c00">${threshold} ms</text>`);
  series.forEach((entry, index) => {
    const path = entry.points.map((point, i) => `${i === 0 ? 'M' : 'L'}${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${entry.color}" stroke-width="2"/>`);
    parts.push(...entry.points.map((point) => point.y > maxY
      ? `<circle cx="${x(point.x).toFixed(1)}" cy="${y(point.y).toFixed(1)}" r="4" fill="#fff" stroke="${entry.color}" stroke-width="2"><title>${Math.round(point.y)} ms, above the axis</title></circle>`
      : `<circle cx="${x(point.x).toFixed(1)}" cy="${y(point.y).toFixed(1)}" r="3" fill="${entry.color}"/>`));
    parts.push(`<rect x="${width - right + 10}" y="${top + index * 18}" width="12" height="3" fill="${entry.color}"/><text x="${width - right + 28}" y="${top + index * 18 + 5}">${entry.name}</text>`);
  });
  if (all.some((point) => point.y > maxY)) parts.push(`<text x="${width - right + 10}" y="${height - bottom}" font-size="11">open circle: above ${Math.round(maxY)} ms</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

const colors: Record<string, string> = { hub: '#1f5fbf', 'bare+redis': '#d08000', bare: '#2a9d3a' };

export function renderCharts(results: BenchResults, docsDir: string): string[] {
  const kneeSeries: Series[] = results.runs.filter((run) => run.knee).map((run) => ({
    name: `${run.kind} #${run.pair}`, color: colors[run.kind] ?? '#555',
    // In order of load: the knee search tries the quarter steps after the ladder's failure.
    points: run.knee!.steps.map((step) => ({ x: (step.result.received / Math.max(1, step.result.durationMs)) * 1000, y: step.result.latency.p99 })).sort((a, b) => a.x - b.x),
  }));
  const stormSeries: Series[] = ['hub', 'bare', 'bare+redis'].map((kind) => ({
    name: kind, color: colors[kind]!,
    points: results.runs.filter((run) => run.kind === kind).flatMap((run) => [
      { x: 50, y: run.storm.latency.p50 }, { x: 99, y: run.storm.latency.p99 }, { x: 100, y: run.storm.latency.max },
    ]).filter((_, index) => index < 3),
  }));
  const written = [
    [`performance-chat-latency-${results.sizeName}.svg`, lineChart(`Chat: p99 send-to-receive vs load (${results.sizeName})`, 'deliveries per second', 'p99 latency, ms', kneeSeries, 250, 1000)],
    [`performance-storm-latency-${results.sizeName}.svg`, lineChart(`Storm: connect-to-joined by percentile (${results.sizeName}, pair 1)`, 'percentile', 'latency, ms', stormSeries, 1000)],
  ] as const;
  for (const [name, svg] of written) writeFileSync(path.join(docsDir, name), svg);
  return written.map(([name]) => name);
}
