// Floods on `/live` (issue 12, finding 9), with real socket.io clients: a socket that sends
// subscribe after subscribe gets a few answers, then `live-error`s, then is dropped; an address
// cannot hold more than its share of connections.
import { LIVE_MESSAGES, LIVE_NAMESPACE } from '@podium/contracts';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveHubsService } from '../src/modules/live/live-hubs.service.js';
import { createLiveHarness, type LiveHarness, RawLiveClient, until } from './live/live-harness.js';

const SUBSCRIBES = 5;
const CONNECTIONS = 3;

describe('live admission limits', () => {
  let h: LiveHarness;
  const clients: RawLiveClient[] = [];
  beforeAll(async () => {
    h = await createLiveHarness({
      teams: 2,
      env: { PODIUM_LIVE_SUBSCRIBES_PER_MINUTE: String(SUBSCRIBES), PODIUM_LIVE_CONNECTIONS_PER_ADDRESS: String(CONNECTIONS) },
    });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h?.t.close();
  });
  /** Live sockets open on the server (a disconnection reaches it after the client closed). */
  const sockets = () => h.t.app.get(LiveHubsService).stats().sockets;
  const client = () => {
    const c = new RawLiveClient(h.url);
    clients.push(c);
    return c;
  };

  it('answers at most the limit of subscribes per socket, then live-error, then drops the socket', async () => {
    const flood = client();
    await until(() => flood.socket.connected, 'connected');
    let disconnected = false;
    flood.socket.on('disconnect', () => (disconnected = true));
    for (let i = 0; i < SUBSCRIBES + 2; i++) flood.socket.emit(LIVE_MESSAGES.subscribe, { event: h.round.eventSlug });
    await until(() => flood.snapshots.length === SUBSCRIBES && flood.errors.length === 2, 'the allowed answers and two errors');
    expect(flood.errors[0]).toMatchObject({ code: 'subscribe.rate_limited' });
    expect(flood.errors[0]!.message).toMatch(/\(at most 5 a minute\); retry in \d+ s/);
    // Far over the limit: no more answers, the socket is dropped.
    for (let i = 0; i < 1000; i++) flood.socket.emit(LIVE_MESSAGES.subscribe, { event: h.round.eventSlug });
    await until(() => disconnected, 'socket dropped');
    expect(flood.snapshots).toHaveLength(SUBSCRIBES);
    expect(flood.errors).toHaveLength(SUBSCRIBES);
    // The server keeps serving others.
    const other = client().subscribe({ event: h.round.eventSlug });
    await until(() => other.snapshots.length === 1, 'another client still served');
  });

  it('refuses connections beyond the limit per address with a connect_error naming it, and admits again once one closes', async () => {
    // The other test's clients may still count: start from the server's own view.
    for (const c of clients) c.close();
    await until(() => sockets() === 0, 'the server to see every socket closed');
    const open = Array.from({ length: CONNECTIONS }, () => client());
    await until(() => open.every((c) => c.socket.connected), `${CONNECTIONS} connected`);
    const extra = io(`${h.url}${LIVE_NAMESPACE}`, { transports: ['websocket'], reconnection: false, forceNew: true });
    const refusal = await new Promise<Error & { data?: { code?: string } }>((resolve) => extra.on('connect_error', resolve));
    extra.close();
    expect(refusal.message).toMatch(/Too many live connections from this address \(3\)/);
    expect(refusal.data).toMatchObject({ code: 'connection.limit', limit: CONNECTIONS });
    open[0]!.close();
    await until(() => sockets() === CONNECTIONS - 1, 'the server to see one socket closed');
    const again = client().subscribe({ event: h.round.eventSlug });
    await until(() => again.snapshots.length === 1, 'admitted after one closed');
  });
});
