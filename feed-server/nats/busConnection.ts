/**
 * The NATS connection of a source or an edge, with the settings a live feed needs: reconnect for
 * ever (a feed server outlives NATS restarts), and ping often enough that a silent link (a network
 * partition sends no reset) is noticed in seconds rather than the client's default minutes.
 */
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection, type Status } from "@nats-io/transport-node";

export type BusState = "connecting" | "connected" | "disconnected" | "closed";

export interface BusConnectionOptions {
  servers: string[];
  /** Shows in the server's connection list (nats-server -m, `nats server report connections`). */
  name: string;
  pingMs: number;
}

export async function connectBus(o: BusConnectionOptions): Promise<NatsConnection> {
  return connect({
    servers: o.servers,
    name: o.name,
    // Keep trying when NATS is not up yet: `npm run cluster` and orchestrators start everything at once.
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    // Connect handshake; generous, so a loaded machine is not mistaken for an unreachable NATS.
    timeout: Math.max(2000, o.pingMs * 2),
    pingInterval: o.pingMs,
    maxPingOut: 2,
  });
}

export interface OpenBus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** JetStream request timeout in ms (see requestTimeoutMs). */
  timeout: number;
}

/**
 * Connects and opens JetStream for a source or an edge. Undefined when the connection failed
 * (reported) or the caller stopped meanwhile (the connection is closed again).
 */
export async function openBus(
  bus: { servers: string[]; pingMs: number; leaseTtlMs: number },
  name: string,
  report: (kind: string, detail: string, level: "warn") => void,
  stopped: () => boolean,
): Promise<OpenBus | undefined> {
  let nc: NatsConnection;
  try {
    nc = await connectBus({ servers: bus.servers, name, pingMs: bus.pingMs });
  } catch (err) {
    report("bus_connect", (err as Error).message, "warn");
    return undefined;
  }
  if (stopped()) {
    void nc.close();
    return undefined;
  }
  const timeout = requestTimeoutMs(bus.leaseTtlMs);
  const js = jetstream(nc, { timeout });
  const jsm = await jetstreamManager(nc, { checkAPI: false, timeout });
  return { nc, js, jsm, timeout };
}

/**
 * How long a JetStream API request may take. Bounded by the lease TTL: a lease step stuck on one
 * request (JetStream still starting after a NATS restart answers nothing) must not outlast the lease.
 */
export function requestTimeoutMs(leaseTtlMs: number): number {
  return Math.max(250, Math.min(5000, Math.floor(leaseTtlMs / 3)));
}

/** Calls `onStatus` for every connection event until the connection closes. */
export function watchStatus(nc: NatsConnection, onStatus: (status: Status) => void): void {
  void (async () => {
    for await (const status of nc.status()) onStatus(status);
  })().catch(() => {
    // The iterator ends when the connection closes; nothing is left to report to.
  });
}

/**
 * Waits for `work` at most `ms` and never rejects: used on shutdown, which must not hang on a
 * NATS that is gone. A real timer on purpose: this waits on the network, which an injected test
 * clock does not drive.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([work.catch(() => undefined), deadline]);
  clearTimeout(timer);
}
