/**
 * The production dashboard (`next start`) on 127.0.0.1 and a free port, pointed at a feed by
 * FEED_PUBLIC_URL, which the root layout reads per request. Needs a build (see build.ts).
 */
import { freePort } from "./freePort";
import { ManagedProcess } from "./managedProcess";
import { NEXT_BIN, ROOT } from "./paths";

const READY_TIMEOUT_MS = 30_000;
/** freePort() can lose a race with another process; a new port is tried that many times. */
const START_ATTEMPTS = 3;

export interface DashboardOptions {
  /** ws:// URL(s) the browser uses for the feed, comma-separated in failover order. */
  feedUrl: string;
  /** Extra environment for the Next.js server. */
  env?: Readonly<Record<string, string>>;
}

export class DashboardProcess {
  private constructor(
    private readonly process: ManagedProcess,
    readonly port: number,
  ) {}

  static async start(options: DashboardOptions): Promise<DashboardProcess> {
    let lastError: unknown;
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      const port = await freePort();
      const child = ManagedProcess.spawn({
        name: "dashboard (next start)",
        command: process.execPath,
        args: [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)],
        cwd: ROOT,
        env: { NEXT_TELEMETRY_DISABLED: "1", ...options.env, FEED_PUBLIC_URL: options.feedUrl },
      });
      try {
        await waitUntilServing(child, `http://127.0.0.1:${port}/`);
        return new DashboardProcess(child, port);
      } catch (err) {
        lastError = err;
        await child.stop("SIGKILL");
      }
    }
    throw lastError;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process.running;
  }

  output(): string {
    return this.process.output();
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }
}

/** Polls the page until it answers 200, so the first test does not pay for Next's warm-up. */
async function waitUntilServing(child: ManagedProcess, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (!child.running) throw child.failure(`exited before serving ${url}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw child.failure(`did not serve ${url} within ${READY_TIMEOUT_MS} ms (last: ${last})`);
}
