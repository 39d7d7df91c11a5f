// The `/live` socket.io namespace: validates nothing itself, hands each `subscribe` to the hubs
// once the admission limits (connections per address, subscribes per socket) let it through.
import { type OnGatewayInit, SubscribeMessage, WebSocketGateway, ConnectedSocket, MessageBody } from '@nestjs/websockets';
import { LIVE_MESSAGES, LIVE_NAMESPACE } from '@podium/contracts';
import type { Namespace, Socket } from 'socket.io';
import { LiveAdmission } from './live-admission.js';
import { LiveHubsService } from './live-hubs.service.js';

@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: true }, transports: ['websocket', 'polling'] })
export class LiveGateway implements OnGatewayInit<Namespace> {
  constructor(
    private readonly hubs: LiveHubsService,
    private readonly admission: LiveAdmission,
  ) {}

  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => this.admission.admit(socket, next));
    this.hubs.attach(nsp);
  }

  @SubscribeMessage(LIVE_MESSAGES.subscribe)
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<void> {
    const admitted = await this.admission.subscribe(socket);
    if (admitted.ok) return this.hubs.subscribe(socket, payload);
    if (admitted.drop) socket.disconnect(true);
    else socket.emit(LIVE_MESSAGES.error, admitted.error);
  }
}
