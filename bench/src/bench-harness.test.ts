// The harness itself runs, at tiny size, against the hub and bare: result shape, and every message delivered.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { SERVER_NODE_FLAGS, runBench, sizes } from './bench-harness';

jest.setTimeout(60_000);

describe('the Sunday-evening benchmark harness', () => {
  it('runs a tiny storm, chat and login against the hub and bare, delivers every message, and cleans up', async () => {
    const results = await runBench({ sizeName: 'tiny', sizes: { ...sizes.tiny, kneeMultipliers: [] }, kinds: ['hub', 'bare'] });

    expect(results.runs.map((run) => run.kind)).toEqual(['hub', 'bare']);
    for (const run of results.runs) {
      expect(run.storm.tried).toBe(6);
      expect(run.storm.joined).toBe(6);
      expect(run.chat).not.toBeNull();
      expect(run.chat!.acked).toBe(run.chat!.sent);
      expect(run.chat!.sent).toBeGreaterThan(0);
      // Every member of a 3-member group receives every message of its group, the sender included.
      expect(run.chat!.expected).toBe(run.chat!.sent * 3);
      expect(run.chat!.received).toBe(run.chat!.expected);
      expect(run.chat!.lost).toBe(0);
      expect(run.memory.sockets).toBe(9);
    }
    const hub = results.runs[0]!;
    expect(hub.login).toMatchObject({ tried: 4, ok: 4 });
    expect(results.rawArgon2).toHaveLength(1);
    // The crisis-alert probe ran on the hub's chat only, and every alert it raised reached the group's facilitator.
    expect(hub.chat!.alerts).toMatchObject({ lost: 0, refused: {} });
    expect(hub.chat!.alerts!.raised).toBeGreaterThan(0);
    expect(hub.chat!.alerts!.received).toBe(hub.chat!.alerts!.raised);
    expect(results.runs[1]!.chat!.alerts).toBeNull();
    expect(Object.keys(results.summary).sort()).toEqual([
      'alert_lost', 'alert_p95_ms', 'chat_cpu_ratio', 'chat_knee_ratio', 'chat_lost', 'chat_p99_ms', 'login_loop_p99_ms', 'login_rate_ratio', 'mem_ratio',
      'storm_cpu_ratio', 'storm_joined', 'storm_p99_ms', 'storm_tried', 'valid',
    ]);
    expect(results.summary).toMatchObject({ storm_joined: 6, storm_tried: 6, chat_lost: 0, alert_lost: 0 });
    expect(results.summary.alert_p95_ms).toBeGreaterThan(0);
    expect(results.summary.storm_cpu_ratio).toBeGreaterThan(0);
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      expect(await redis.keys(`bench:${results.runId}:*`)).toEqual([]);
    } finally {
      await redis.quit();
    }
  });

  it('runs the servers with the node flags the hub runs with in production', () => {
    const root = path.resolve(__dirname, '../..');
    const start = (JSON.parse(readFileSync(path.join(root, 'apps/hub/package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const dockerfile = readFileSync(path.join(root, 'infra/docker/Dockerfile'), 'utf8');
    expect(SERVER_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of SERVER_NODE_FLAGS) {
      expect(start.split(' ')).toContain(flag);
      expect(dockerfile).toContain(`"${flag}"`);
    }
  });
});
