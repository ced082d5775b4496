/**
 * The feed server as its own process, started as `npm run feed` starts it (`tsx
 * feed-server/main.ts`), so a crash is a dead process we can see and its memory is its own
 * (/proc/<pid>/status). An explicit free port, never 0: uSockets sets SO_REUSEADDR only then.
 */
import { memory } from "../bench/orchestrator/procfs";
import { freePort } from "../e2e/support/freePort";
import { ManagedProcess, type Exit } from "../e2e/support/managedProcess";

const START_TIMEOUT_MS = 30_000;

/** Narrows one pino JSON line to the "listening" record's epoch. */
function listeningEpoch(line: string): string | undefined {
  if (!line.includes("feed server listening")) return undefined;
  try {
    const record: unknown = JSON.parse(line);
    if (typeof record !== "object" || record === null) return undefined;
    const epoch = (record as Record<string, unknown>).epoch;
    return typeof epoch === "string" ? epoch : undefined;
  } catch {
    return undefined;
  }
}

export class FeedChild {
  private stopping = false;

  private constructor(
    private readonly process: ManagedProcess,
    readonly port: number,
    readonly epoch: string,
  ) {}

  /**
   * Starts a feed server on 127.0.0.1 with `env` (FEED_HOST and FEED_PORT are set here). A port
   * found free can be taken before the server binds it (other test runs share the machine), so
   * a start that fails is tried again on another port, up to three times.
   */
  static async start(root: string, env: Record<string, string>, name = "feed"): Promise<FeedChild> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const child = ManagedProcess.spawn({
        name,
        command: process.execPath,
        args: ["--import", "tsx", "feed-server/main.ts"],
        cwd: root,
        env: { LOG_LEVEL: "info", ...env, FEED_HOST: "127.0.0.1", FEED_PORT: String(port) },
      });
      try {
        const epoch = await child.waitForLine(listeningEpoch, "the listening log line", START_TIMEOUT_MS);
        return new FeedChild(child, port, epoch);
      } catch (err) {
        lastError = err;
        await child.stop("SIGKILL");
      }
    }
    throw lastError;
  }

  get pid(): number {
    return this.process.pid ?? -1;
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

  /** 1 when the process died without being asked to (a crash), else 0. */
  get crashes(): number {
    return !this.process.running && !this.stopping ? 1 : 0;
  }

  /** Resident set size now, KiB; null once the process is gone. */
  rssKiB(): number | null {
    if (!this.process.running) return null;
    try {
      return memory(this.pid).rssKiB;
    } catch {
      return null;
    }
  }

  output(): string {
    return this.process.output();
  }

  /** Kills on purpose (not a crash): SIGKILL for a hard kill, SIGTERM to stop. */
  kill(signal: NodeJS.Signals): Promise<Exit> {
    this.stopping = true;
    return this.process.stop(signal, 5_000);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.process.stop("SIGTERM", 5_000);
  }
}
