// A bare WebSocket client (RFC 6455: text frames, no extensions, no fragmented messages - the
// server sends none) for bench:live's load generator.
//
// Why not `ws`: 10,000 simulated screens run on the server's own two cores, so every microsecond a
// client spends on a message delays the receipts of the clients after it. Measured on this box
// (one 6.6 KB message to 10,000 sockets in four processes, nothing decoded): `ws` clients 41-54 us
// of CPU per message, p99 443-543 ms; net sockets with their default reads 34-43 us, p99 323-417
// ms; this client 15 us, p99 179 ms. `ws` runs each chunk through a Writable stream and Node
// allocates a buffer per read; here one 64 KB buffer per process receives every socket's bytes
// (net's `onread`) and frames are cut out of it in place, allocating nothing per message. It is a measuring instrument only: the
// product's clients are socket.io-client in browsers and in libs/live-client.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface LeanWebSocket {
  send(text: string): void;
  close(): void;
}

export interface LeanWebSocketHandlers {
  /**
   * A complete text or binary message. `payload` is a view into a buffer reused by the next read
   * of any socket: copy what must outlive the call.
   */
  onMessage(payload: Buffer): void;
  onClose(): void;
}

const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;
/** One receive buffer for every socket of this process (reads are handled one at a time). */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

export function openLeanWebSocket(url: string, handlers: LeanWebSocketHandlers): LeanWebSocket {
  const { hostname, port, pathname, search } = new URL(url);
  let upgraded = false;
  /** Bytes of an incomplete handshake or frame, copied out of the shared buffer. */
  let pending: Buffer | null = null;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    socket.destroy();
    handlers.onClose();
  };
  const sendFrame = (opcode: number, payload: Buffer) => {
    if (closed) return;
    // Client frames are masked (RFC 6455 5.3); these are a few bytes each (pong, subscribe).
    const short = payload.length < 126;
    const header = Buffer.alloc(short ? 6 : 8);
    header[0] = 0x80 | opcode;
    if (short) header[1] = 0x80 | payload.length;
    else {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(payload.length, 2);
    }
    const mask = randomBytes(4);
    mask.copy(header, header.length - 4);
    const masked = Buffer.allocUnsafe(payload.length);
    for (let i = 0; i < payload.length; i++) masked[i] = payload[i]! ^ mask[i & 3]!;
    socket.write(Buffer.concat([header, masked]));
  };

  /** Cuts complete frames out of `data`; returns the offset of the first incomplete byte. */
  const readFrames = (data: Buffer): number => {
    let offset = 0;
    while (data.length - offset >= 2) {
      const first = data[offset]!;
      let length = data[offset + 1]! & 0x7f;
      let header = 2;
      if (length === 126) {
        if (data.length - offset < 4) break;
        length = data.readUInt16BE(offset + 2);
        header = 4;
      } else if (length === 127) {
        if (data.length - offset < 10) break;
        length = Number(data.readBigUInt64BE(offset + 2));
        header = 10;
      }
      if (data.length - offset < header + length) break;
      const payload = data.subarray(offset + header, offset + header + length);
      offset += header + length;
      const opcode = first & 0x0f;
      if (opcode === OPCODE_CLOSE) {
        close();
        return data.length;
      }
      if (opcode === OPCODE_PING) sendFrame(OPCODE_PONG, Buffer.from(payload));
      else if (opcode !== OPCODE_PONG) handlers.onMessage(payload);
    }
    return offset;
  };

  const onData = (bytes: Buffer) => {
    let data = pending ? Buffer.concat([pending, bytes]) : bytes;
    pending = null;
    if (!upgraded) {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        pending = Buffer.from(data);
        return;
      }
      if (!data.toString('latin1', 0, 12).startsWith('HTTP/1.1 101')) return close();
      upgraded = true;
      data = data.subarray(end + 4);
    }
    const used = readFrames(data);
    if (used < data.length && !closed) pending = Buffer.from(data.subarray(used));
  };

  const socket: Socket = connect({
    host: hostname,
    port: Number(port),
    onread: {
      buffer: readBuffer,
      callback: (length: number) => {
        onData(readBuffer.subarray(0, length));
        return true;
      },
    },
  });
  socket.setNoDelay(true);
  socket.on('connect', () => {
    const key = randomBytes(16).toString('base64');
    socket.write(
      `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
  socket.on('close', close);
  socket.on('error', close);
  return { send: (text) => sendFrame(0x1, Buffer.from(text)), close };
}
