import type { Socket } from "node:net";
import WebSocket from "ws";

/**
 * Close code for a client that fell too far behind: the bytes waiting for it passed SUBSCRIPTION_BUFFER_BYTES. Not one
 * of graphql-ws's own codes (4400–4409, 4429, 4500, 4504), and not one its client treats as fatal, so a standard
 * client reconnects; it must then re-sync (a query, or `changes(after:)` with the last cursor it received).
 */
export const RESYNC_CLOSE = 4410;

/** Connections with frames queued in this turn of the event loop; flushed together in one setImmediate. */
const queued = new Set<WsConnection>();
let flushArmed = false;

function flushQueued(): void {
  flushArmed = false;
  const list = [...queued];
  queued.clear();
  for (const c of list) c.flush();
}

/** Writes one unmasked, unfragmented text frame header (RFC 6455 §5.2) for `n` payload bytes at `o`; returns the new offset. */
function writeHeader(buf: Buffer, o: number, n: number): number {
  buf[o++] = 0x81; // FIN + text
  if (n < 126) buf[o++] = n;
  else if (n < 65_536) {
    buf[o++] = 126;
    buf.writeUInt16BE(n, o);
    o += 2;
  } else {
    buf[o++] = 127;
    buf.writeUInt32BE(Math.floor(n / 2 ** 32), o);
    buf.writeUInt32BE(n >>> 0, o + 4);
    o += 8;
  }
  return o;
}

const headerBytes = (n: number) => (n < 126 ? 2 : n < 65_536 ? 4 : 10);
const EMPTY = Buffer.alloc(0);

/**
 * The writing side of one WebSocket connection, as the hub uses it:
 * - **Coalesced:** frames sent in one turn of the event loop are queued and written after it (setImmediate) as ONE
 *   buffer holding all of them, with one `write`: a fan-out of a batch of events read by one XREAD costs one syscall
 *   per socket however many events and subscriptions it holds (under load batches grow, syscalls do not), and no
 *   per-frame work in ws's Sender or Node's stream buffering. The frames are plain RFC 6455 text frames (unmasked,
 *   unfragmented, no compression: the server runs without permessage-deflate, so ws's Sender keeps no state between
 *   frames and its own control frames — ping, pong, close — can go out between ours).
 * - **Not awaited:** the caller does not wait until the kernel took a frame. What a client has not read waits in the
 *   socket's buffer (`bufferedAmount`), and that is what is bounded.
 * - **Bounded:** when the bytes waiting for this client (queued + not taken by the kernel) pass `maxBufferedBytes`,
 *   nothing more is written to it and it is closed with {@link RESYNC_CLOSE}. The close frame queues behind what is
 *   already buffered (a client that reads again gets all of it, then the code); ws destroys the socket if the client
 *   has not answered the close in the server's `closeTimeout`, so the held bytes are freed either way.
 * Every close of the socket by the hub goes through {@link close}, which writes queued frames first (order kept).
 */
export class WsConnection {
  /** Set once the buffer bound was passed: the connection is closing with RESYNC_CLOSE. */
  overflowed = false;
  /** Largest `bufferedAmount` seen right after frames were handed to the kernel (tests, metrics). */
  peakBufferedBytes = 0;
  /** Queued frames as pairs of byte parts: [head₀, body₀, head₁, body₁, …] (a frame's text is head + body). */
  private queue: Buffer[] = [];
  /** Bytes queued, frame headers included. */
  private queuedBytes = 0;

  constructor(
    readonly socket: WebSocket,
    private readonly tcp: Socket,
    private readonly maxBufferedBytes: number,
    private readonly onOverflow: (c: WsConnection) => void,
  ) {}

  /** Whether a frame sent now would go out (open, and not past the bound). */
  get writable(): boolean {
    return !this.overflowed && this.socket.readyState === WebSocket.OPEN;
  }

  /** Queues one text frame (a complete graphql-transport-ws message); dropped when the connection is not writable. */
  send(text: string): void {
    this.sendParts(Buffer.from(text), EMPTY);
  }

  /**
   * Queues one text frame made of two UTF-8 parts, `head` then `body`: a subscription's own `{"id":…,"payload":` and
   * a result's bytes encoded once for every subscriber that gets it (no string concatenation or encoding per frame).
   */
  sendParts(head: Buffer, body: Buffer): void {
    if (!this.writable) return;
    if (!this.queue.length) {
      queued.add(this);
      if (!flushArmed) {
        flushArmed = true;
        setImmediate(flushQueued);
      }
    }
    this.queue.push(head, body);
    const n = head.length + body.length;
    this.queuedBytes += headerBytes(n) + n;
    // Past the bound counting what is queued: hand it to the kernel now, and count only what it does not take.
    if (this.queuedBytes + this.socket.bufferedAmount > this.maxBufferedBytes) this.flush();
  }

  /** Writes queued frames first, then closes (expiry, revocation, protocol errors). */
  close(code: number, reason: string): void {
    this.flush();
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
  }

  /** @internal writes the queued frames as one buffer (the shared setImmediate, early past the bound, or before a close). */
  flush(): void {
    const parts = this.queue;
    if (!parts.length) return;
    const size = this.queuedBytes;
    this.queue = [];
    this.queuedBytes = 0;
    if (!this.writable) return;
    const buf = Buffer.allocUnsafe(size);
    let o = 0;
    for (let i = 0; i < parts.length; i += 2) {
      const head = parts[i];
      const body = parts[i + 1];
      o = writeHeader(buf, o, head.length + body.length);
      buf.set(head, o);
      o += head.length;
      buf.set(body, o);
      o += body.length;
    }
    // No callback: a write error is the peer going away, which ws turns into 'close' (cleanup happens there).
    this.tcp.write(buf);
    // What the kernel did not take now waits in this process for the client: that is what is bounded.
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.peakBufferedBytes) this.peakBufferedBytes = buffered;
    if (buffered > this.maxBufferedBytes) this.overflow(buffered);
  }

  private overflow(buffered: number): void {
    this.overflowed = true;
    this.socket.close(RESYNC_CLOSE, `RESYNC_REQUIRED: ${buffered} bytes unread; re-sync, then subscribe from your last cursor`);
    this.onOverflow(this);
  }
}
