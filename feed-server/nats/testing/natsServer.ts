/**
 * A real nats-server with JetStream for one test: loopback only, a free port, a temporary store
 * directory. `restart()` brings it back on the same port and store (JetStream state survives);
 * `stop()` ends it and removes the store.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "../../../lib/testing/waitFor";
import { freePort } from "../../testing/freePort";

export const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? "nats-server";

/** Fails with the install command when nats-server is not on PATH. */
export function requireNatsServer(): void {
  const probe = spawnSync(NATS_SERVER_BIN, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${NATS_SERVER_BIN} not found: the NATS tests need nats-server with JetStream (Debian: apt-get install nats-server)`);
  }
}

export class NatsServer {
  private child: ChildProcess | undefined;
  private log = "";

  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {}

  static async start(): Promise<NatsServer> {
    requireNatsServer();
    const server = new NatsServer(await freePort(), mkdtempSync(join(tmpdir(), "tickwire-nats-")));
    await server.launch();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** What the current process printed (for a failing test's message). */
  get output(): string {
    return this.log;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private async launch(): Promise<void> {
    this.log = "";
    const child = spawn(NATS_SERVER_BIN, ["-js", "-a", "127.0.0.1", "-p", String(this.port), "-sd", this.storeDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    child.stdout!.on("data", (d: Buffer) => (this.log += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (this.log += d.toString()));
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`nats-server exited (${child.exitCode}):\n${this.log}`);
        return this.log.includes("Server is ready");
      },
      `nats-server to be ready on port ${this.port}`,
      10_000,
    );
  }

  /** Ends the process (SIGTERM, or SIGKILL for a crash) and waits for it to be gone. */
  async kill(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await exited;
  }

  /** Stops and starts again on the same port and store directory (emptied with `wipe`: a lost volume). */
  async restart(downMs = 0, wipe = false): Promise<void> {
    await this.kill();
    if (wipe) rmSync(this.storeDir, { recursive: true, force: true });
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.kill("SIGKILL");
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
