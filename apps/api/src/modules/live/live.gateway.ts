// The `/live` socket.io namespace: validates nothing itself, hands each `subscribe` to the hubs.
import { type OnGatewayInit, SubscribeMessage, WebSocketGateway, ConnectedSocket, MessageBody } from '@nestjs/websockets';
import { LIVE_MESSAGES, LIVE_NAMESPACE } from '@podium/contracts';
import type { Namespace, Socket } from 'socket.io';
import { LiveHubsService } from './live-hubs.service.js';

@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: true }, transports: ['websocket', 'polling'] })
export class LiveGateway implements OnGatewayInit<Namespace> {
  constructor(private readonly hubs: LiveHubsService) {}

  afterInit(nsp: Namespace): void {
    this.hubs.attach(nsp);
  }

  @SubscribeMessage(LIVE_MESSAGES.subscribe)
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<void> {
    await this.hubs.subscribe(socket, payload);
  }
}
