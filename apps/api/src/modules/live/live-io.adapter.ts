// socket.io for the live feed: websocket first (polling fallback), and with REDIS_URL the Redis
// adapter, so server-side wake-ups (and any broadcast) reach every API node.
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { isAllowedOrigin } from '../../common/http/origin-policy.js';

// @nestjs/platform-socket.io pins its own socket.io copy: type against it, not the root one.
type NestIoServer = ReturnType<IoAdapter['createIOServer']>;
type NestIoOptions = Parameters<IoAdapter['createIOServer']>[1];
type NestAdapter = Parameters<NestIoServer['adapter']>[0];

export class LiveIoAdapter extends IoAdapter {
  private adapterConstructor: ReturnType<typeof createAdapter> | null = null;
  private clients: Redis[] = [];

  /** `allowedOrigins`: browser origins allowed besides the server's own (see origin-policy.ts). */
  constructor(
    app: INestApplicationContext,
    private readonly allowedOrigins: readonly string[] = ['*'],
  ) {
    super(app);
  }

  /** Connects the Redis pub/sub pair; call before the app listens. */
  async connectToRedis(url: string): Promise<void> {
    // ioredis, the client the job queue and the failure counts already use (one Redis client library).
    const pub = new Redis(url, { lazyConnect: true });
    const sub = pub.duplicate();
    for (const client of [pub, sub]) client.on('error', () => undefined); // reconnects by itself; errors are logged by socket.io
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (error) {
      for (const client of [pub, sub]) client.disconnect();
      throw error;
    }
    this.clients = [pub, sub];
    this.adapterConstructor = createAdapter(pub, sub);
  }

  override createIOServer(port: number, options?: NestIoOptions): NestIoServer {
    const server = super.createIOServer(port, {
      ...options,
      transports: ['websocket', 'polling'],
      // Frames are small JSON; compressing each one costs more CPU than it saves on a LAN.
      perMessageDeflate: false,
      allowRequest: (request, callback) => callback(null, isAllowedOrigin(request, this.allowedOrigins)),
    } as NestIoOptions);
    if (this.adapterConstructor) server.adapter(this.adapterConstructor as unknown as NestAdapter);
    return server;
  }

  override async close(server: NestIoServer): Promise<void> {
    await super.close(server);
    await Promise.all(this.clients.map((c) => c.quit().catch(() => undefined)));
    this.clients = [];
  }
}
