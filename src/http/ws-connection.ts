import type { Socket } from "node:net";
import WebSocket from "ws";

/**
 * Close code for a client that fell too far behind: the bytes waiting for it passed SUBSCRIPTION_BUFFER_BYTES. Not one
 * of graphql-ws's own codes (4400–4409, 4429, 4500, 4504), and not one its client treats as fatal, so a standard
 * client reconnects; it must then re-sync (a query, or `changes(after:)` with the last cursor it received).
 */
export const RESYNC_CLOSE = 4410;

const SEND = { binary: false, compress: false, fin: true } as const;

/** Connections corked in this turn of the event loop; uncorked together in one setImmediate. */
const corked = new Set<WsConnection>();
let flushArmed = false;

function flushCorked(): void {
  flushArmed = false;
  const list = [...corked];
  corked.clear();
  for (const c of list) c.uncork();
}

/**
 * The writing side of one WebSocket connection, as the hub uses it:
 * - **Coalesced:** the first frame in an event-loop turn corks the TCP socket and every connection corked in that
 *   turn is uncorked once, after it (setImmediate). A fan-out of a batch of events read by one XREAD therefore goes
 *   out in one `writev` per socket, however many events and subscriptions it holds: under load batches grow, the
 *   number of syscalls does not.
 * - **Not awaited:** a frame is handed to the socket and the caller goes on; it does not wait until the kernel took
 *   it. What a client has not read yet waits in the socket's buffer (`bufferedAmount`), which is what is bounded.
 * - **Bounded:** when the bytes waiting for this client pass `maxBufferedBytes`, nothing more is written to it and it
 *   is closed with {@link RESYNC_CLOSE}. The close frame queues behind what is already buffered (a client that
 *   reads again gets all of it, then the code); ws destroys the socket if the client has not answered the close in
 *   the server's `closeTimeout`, so the held bytes are freed either way.
 */
export class WsConnection {
  /** Set once the buffer bound was passed: the connection is closing with RESYNC_CLOSE. */
  overflowed = false;
  /** Largest `bufferedAmount` seen right after frames were handed to the kernel (tests, metrics). */
  peakBufferedBytes = 0;
  private isCorked = false;

  constructor(
    readonly socket: WebSocket,
    private readonly tcp: Socket,
    private readonly maxBufferedBytes: number,
    private readonly onOverflow: (c: WsConnection) => void,
  ) {}

  /** Whether a frame written now would go out (open, and not past the bound). */
  get writable(): boolean {
    return !this.overflowed && this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends one text frame (a complete graphql-transport-ws message); dropped when the connection is not writable. */
  send(text: string): void {
    if (!this.writable) return;
    if (!this.isCorked) {
      this.isCorked = true;
      this.tcp.cork();
      corked.add(this);
      if (!flushArmed) {
        flushArmed = true;
        setImmediate(flushCorked);
      }
    }
    // No callback: a write error is the peer going away, which ws turns into 'close' (cleanup happens there).
    this.socket.send(text, SEND);
    // While corked, the count includes this turn's frames that the kernel was not even offered yet: hand them over
    // first (one writev), and count only what it did not take.
    if (this.socket.bufferedAmount > this.maxBufferedBytes) this.uncork();
  }

  /** @internal flushes the frames of this turn (the shared setImmediate, or early when they pass the bound). */
  uncork(): void {
    if (!this.isCorked) return;
    this.isCorked = false;
    this.tcp.uncork();
    // What the kernel did not take now waits in this process for the client: that is what is bounded.
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.peakBufferedBytes) this.peakBufferedBytes = buffered;
    if (buffered > this.maxBufferedBytes && !this.overflowed) this.overflow(buffered);
  }

  private overflow(buffered: number): void {
    this.overflowed = true;
    this.socket.close(RESYNC_CLOSE, `RESYNC_REQUIRED: ${buffered} bytes unread; re-sync, then subscribe from your last cursor`);
    this.onOverflow(this);
  }
}
