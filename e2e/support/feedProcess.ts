/**
 * The real feed server (`node dist/feed-server/main.js`) as a child process on 127.0.0.1.
 * It always gets an explicit port (found free beforehand), never FEED_PORT=0: uWebSockets.js
 * sets SO_REUSEADDR only for explicit ports, and without it the closed connections' TIME_WAIT
 * sockets keep a restart from binding the same port. Every restart reuses the port, so a page
 * that lost the server finds it again at the same URL, as after an operator restarts it.
 */
import { freePort } from "./freePort";
import { ManagedProcess, type Exit } from "./managedProcess";
import { COMPILED_FEED, ROOT } from "./paths";

const START_TIMEOUT_MS = 20_000;
/** A restart may race the kernel releasing the port; main.ts exits 1 ("cannot start") then. */
const RESTART_ATTEMPTS = 5;

interface Listening {
  port: number;
  epoch: string;
}

/** Narrows one pino JSON line to the listening record, if it is one. */
function listeningRecord(line: string): Listening | undefined {
  if (!line.includes("feed server listening")) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof record !== "object" || record === null) return undefined;
  const { port, epoch } = record as Record<string, unknown>;
  return typeof port === "number" && typeof epoch === "string" ? { port, epoch } : undefined;
}

export class FeedProcess {
  private process: ManagedProcess;
  private currentEpoch: string;

  private constructor(
    private readonly env: Readonly<Record<string, string>>,
    readonly port: number,
    first: ManagedProcess,
    epoch: string,
  ) {
    this.process = first;
    this.currentEpoch = epoch;
  }

  /** Starts a feed server on a free port; `env` holds FEED_* settings (FEED_HOST and FEED_PORT are set here). */
  static async start(env: Readonly<Record<string, string>> = {}): Promise<FeedProcess> {
    let lastError: unknown;
    // A port found free can be taken before the server binds it; then another one is tried.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const child = FeedProcess.spawn(env, port);
      try {
        const { epoch } = await child.waitForLine(listeningRecord, "the listening log line", START_TIMEOUT_MS);
        return new FeedProcess(env, port, child, epoch);
      } catch (err) {
        lastError = err;
        await child.stop("SIGKILL");
      }
    }
    throw lastError;
  }

  private static spawn(env: Readonly<Record<string, string>>, port: number): ManagedProcess {
    return ManagedProcess.spawn({
      name: "feed server",
      command: process.execPath,
      args: [COMPILED_FEED],
      cwd: ROOT,
      env: { LOG_LEVEL: "info", ...env, FEED_HOST: "127.0.0.1", FEED_PORT: String(port) },
    });
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process.running;
  }

  /** The epoch of the running server (each start has a new one). */
  get epoch(): string {
    return this.currentEpoch;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  output(): string {
    return this.process.output();
  }

  /**
   * Kills the server and waits until it is gone. SIGTERM is the graceful path (clients get
   * close 1001); SIGKILL is a crash (the kernel resets the connections).
   */
  kill(signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<Exit> {
    return this.process.stop(signal);
  }

  /** Starts the server again on the same port (killing it first if it still runs). */
  async restart(): Promise<void> {
    if (this.process.running) await this.process.stop();
    let lastError: unknown;
    for (let attempt = 0; attempt < RESTART_ATTEMPTS; attempt++) {
      const child = FeedProcess.spawn(this.env, this.port);
      try {
        const { epoch } = await child.waitForLine(listeningRecord, "the listening log line", START_TIMEOUT_MS);
        this.process = child;
        this.currentEpoch = epoch;
        return;
      } catch (err) {
        lastError = err;
        await child.stop("SIGKILL");
        await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
      }
    }
    throw lastError;
  }

  /** Stops the server for good (SIGTERM, then SIGKILL after a grace period). */
  async stop(): Promise<void> {
    await this.process.stop();
  }

  /** GET /symbols: the server's view of every symbol (seq, price), straight from the feed. */
  async symbols(): Promise<Map<string, { seq: number; price: number }>> {
    const res = await fetch(`${this.httpUrl}/symbols`);
    if (!res.ok) throw new Error(`GET /symbols answered ${res.status}`);
    const body: unknown = await res.json();
    const out = new Map<string, { seq: number; price: number }>();
    if (!Array.isArray(body)) throw new Error("GET /symbols did not answer an array");
    for (const entry of body as unknown[]) {
      if (typeof entry !== "object" || entry === null) continue;
      const { symbol, seq, price } = entry as Record<string, unknown>;
      if (typeof symbol === "string" && typeof seq === "number" && typeof price === "number") out.set(symbol, { seq, price });
    }
    return out;
  }
}
