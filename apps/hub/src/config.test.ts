/** The edge settings: proxies trusted by address only, metrics on a port of their own, the hash queue bound. */
import { loadConfig } from './config';

describe('edge settings', () => {
  it('TRUSTED_PROXIES takes addresses and CIDR ranges, IPv4 and IPv6, and trusts nobody by default', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8, 127.0.0.1 ,fd00::/8,::1' }).trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8', '::1']);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', 'loopback', '10.0.0', '10.0.0.0/8/8', '10.0.0.0/x', '*'])('refuses TRUSTED_PROXIES=%s', (value) => {
    expect(() => loadConfig({ TRUSTED_PROXIES: value })).toThrow(/TRUSTED_PROXIES/);
  });

  it('refuses the old hop count, in production and out of it, naming its replacement', () => {
    expect(() => loadConfig({ TRUSTED_PROXY_HOPS: '1' })).toThrow(/replaced by TRUSTED_PROXIES/);
    expect(() => loadConfig({ TRUSTED_PROXY_HOPS: '0', NODE_ENV: 'production', RESPITE_SECRET: 'x'.repeat(40) })).toThrow(/replaced by TRUSTED_PROXIES/);
  });

  it('serves metrics on a port of its own', () => {
    expect(loadConfig({}).metricsPort).toBe(9464);
    expect(loadConfig({ HOST: '0.0.0.0' }).metricsHost).toBe('0.0.0.0');
    expect(() => loadConfig({ PORT: '4000', METRICS_PORT: '4000' })).toThrow(/METRICS_PORT must differ/);
  });

  it('bounds the hash queue at 32 per slot unless set', () => {
    expect(loadConfig({ PASSPHRASE_HASH_CONCURRENCY: '3' }).passphraseHashQueueMax).toBe(96);
    expect(loadConfig({ PASSPHRASE_HASH_QUEUE_MAX: '5' }).passphraseHashQueueMax).toBe(5);
  });
});
