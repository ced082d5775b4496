/**
 * Raw TCP to the feed server, for the abuse a WebSocket library refuses to send: frames with
 * any header bits, unmasked or lying about their length, and requests that are not HTTP.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

export interface FrameSpec {
  opcode: number;
  payload?: Buffer | string;
  fin?: boolean;
  /** RSV1-3 bits, 0 to 7. */
  rsv?: number;
  /** Clients must mask; false sends an unmasked frame (a protocol violation). */
  mask?: boolean;
  /** A length to claim in the header instead of the payload's real one. */
  claimedLength?: bigint;
}

/** One RFC 6455 frame, as bytes, exactly as specified (valid or not). */
export function frame(spec: FrameSpec): Buffer {
  const data = typeof spec.payload === "string" ? Buffer.from(spec.payload) : (spec.payload ?? Buffer.alloc(0));
  const length = spec.claimedLength ?? BigInt(data.length);
  const masked = spec.mask ?? true;
  const header: number[] = [((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f)];
  const m = masked ? 0x80 : 0;
  if (length < 126n) header.push(m | Number(length));
  else if (length < 65_536n) header.push(m | 126, Number(length >> 8n), Number(length & 0xffn));
  else {
    header.push(m | 127);
    for (let shift = 56n; shift >= 0n; shift -= 8n) header.push(Number((length >> shift) & 0xffn));
  }
  if (!masked) return Buffer.concat([Buffer.from(header), data]);
  const key = randomBytes(4);
  const body = Buffer.from(data);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (key[i & 3] as number);
  return Buffer.concat([Buffer.from(header), key, body]);
}

export function upgradeRequest(port: number, path = "/ws", extraHeaders = ""): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n${extraHeaders}\r\n`
  );
}

/** A raw connection that collects what the server sends and notes when it closes. */
export class RawConnection {
  received = Buffer.alloc(0);
  /** The last bytes received, where a close frame ends up. */
  last = Buffer.alloc(0);
  /** Every byte received, counted. */
  bytes = 0;
  closed = false;
  error: string | undefined;
  private readonly ended: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on("data", (d: Buffer) => {
      // Keep only the start: enough to read a status line or a close frame.
      if (this.received.length < 64 * 1024) this.received = Buffer.concat([this.received, d]);
      this.last = Buffer.concat([this.last, d]).subarray(-256);
      this.bytes += d.length;
    });
    socket.on("error", (e) => (this.error = e.message));
    this.ended = new Promise((resolve) =>
      socket.once("close", () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  static open(port: number, timeoutMs = 5_000): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no TCP connection to 127.0.0.1:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve(new RawConnection(socket));
      });
      socket.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Opens a WebSocket by hand; resolves once the 101 answer is in. */
  static async upgraded(port: number, timeoutMs = 5_000): Promise<RawConnection> {
    const c = await RawConnection.open(port, timeoutMs);
    c.write(upgradeRequest(port));
    const ok = await c.until(() => c.text().includes("\r\n\r\n"), timeoutMs);
    if (!ok || !c.text().startsWith("HTTP/1.1 101")) {
      c.destroy();
      throw new Error(`upgrade refused: ${JSON.stringify(c.text().slice(0, 80))}`);
    }
    return c;
  }

  write(data: Buffer | string): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  text(): string {
    return this.received.toString("latin1");
  }

  /** True when `needle` arrived at the start (first 64 KiB) or at the end (last 256 bytes). */
  saw(needle: string): boolean {
    return this.text().includes(needle) || this.last.toString("latin1").includes(needle);
  }

  /** HTTP status of the server's first answer, or undefined when there was none. */
  status(): number | undefined {
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(this.text());
    return m ? Number(m[1]) : undefined;
  }

  /** Resolves true once `condition` holds, false after `timeoutMs` or when the socket closed first. */
  async until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.closed || Date.now() > deadline) return condition();
      await new Promise((r) => setTimeout(r, 5));
    }
    return true;
  }

  /** Waits for the server to close, up to `timeoutMs`; true when it did. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.ended, timeout]);
    clearTimeout(timer);
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Runs `task` for 0..count-1 with at most `concurrency` at a time. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
