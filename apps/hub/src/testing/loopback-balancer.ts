/**
 * A thin TCP balancer on loopback for tests: each new connection goes to the next live node, round
 * robin, so a browser reaches "the service" at one origin as it would behind the production
 * balancer. A node whose port refuses is skipped (the client's connection is closed and it retries,
 * as behind a real balancer whose health check has not caught up yet). It records which node holds
 * each open connection, so a test can kill the node that holds a WebSocket.
 */
import net from 'node:net';

export interface BalancedNode {
  port: number;
  isAlive(): boolean;
}

export interface LoopbackBalancer {
  url: string;
  port: number;
  /** Open Socket.IO WebSocket connections per node (by index in the list given). */
  openWebSockets(): number[];
  close(): Promise<void>;
}

export async function startLoopbackBalancer(nodes: BalancedNode[], port = 0): Promise<LoopbackBalancer> {
  let next = 0;
  const webSockets = nodes.map(() => new Set<net.Socket>());
  const clients = new Set<net.Socket>();
  const server = net.createServer((client) => {
    clients.add(client);
    client.once('close', () => clients.delete(client));
    const live = nodes.map((node, index) => ({ node, index })).filter(({ node }) => node.isAlive());
    if (live.length === 0) return void client.destroy();
    const { node, index } = live[next++ % live.length]!;
    const upstream = net.connect(node.port, '127.0.0.1');
    // The request line tells a Socket.IO upgrade from page and API requests.
    client.once('data', (chunk: Buffer) => {
      if (/^GET \/socket\.io\/[^ ]*transport=websocket/.test(chunk.toString('latin1', 0, 300))) webSockets[index]!.add(upstream);
    });
    const end = () => {
      webSockets[index]!.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    upstream.once('error', end).once('close', end);
    client.once('error', end).once('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const bound = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    openWebSockets: () => webSockets.map((set) => set.size),
    close: async () => {
      for (const client of clients) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
