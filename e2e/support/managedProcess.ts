/**
 * A child process the tests own: output kept for failure messages, lines awaited instead of
 * slept for, and a stop that escalates to SIGKILL. Every child still alive when this Node
 * process exits (a crashed worker, Ctrl-C) is killed, so no server outlives its test run.
 */
import { spawn, type ChildProcess } from "node:child_process";

const alive = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of alive) child.kill("SIGKILL");
});

const TAIL_LINES = 200;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnSpec {
  /** Short name for messages, e.g. "feed" or "dashboard". */
  name: string;
  command: string;
  args: readonly string[];
  /** Added to a copy of this process's environment (minus NODE_OPTIONS, see below). */
  env: Readonly<Record<string, string>>;
  cwd: string;
}

export class ManagedProcess {
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;
  private readonly tail: string[] = [];
  private readonly lineWaiters = new Set<(line: string) => void>();

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    alive.add(child);
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        alive.delete(child);
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      let partial = "";
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) this.addLine(line);
      });
    }
  }

  static spawn(spec: SpawnSpec): ManagedProcess {
    const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
    // The test runner may hand its own loaders to workers through NODE_OPTIONS; servers must
    // start exactly as an operator starts them.
    delete env.NODE_OPTIONS;
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    return new ManagedProcess(spec.name, child);
  }

  get running(): boolean {
    return this.exit === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines of stdout and stderr, for error messages. */
  output(): string {
    return this.tail.join("\n");
  }

  /**
   * Resolves with the first value `match` returns for an output line (earlier lines included);
   * rejects when the process exits first or `timeoutMs` passes, quoting the output.
   */
  waitForLine<T>(match: (line: string) => T | undefined, what: string, timeoutMs: number): Promise<T> {
    for (const line of this.tail) {
      const found = match(line);
      if (found !== undefined) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        this.lineWaiters.delete(onLine);
        outcome();
      };
      const onLine = (line: string) => {
        const found = match(line);
        if (found !== undefined) finish(() => resolve(found));
      };
      const timer = setTimeout(
        () => finish(() => reject(this.failure(`timed out after ${timeoutMs} ms waiting for ${what}`))),
        timeoutMs,
      );
      this.lineWaiters.add(onLine);
      void this.exited.then((exit) =>
        finish(() => reject(this.failure(`exited (code ${exit.code}, signal ${exit.signal}) before ${what}`))),
      );
    });
  }

  /** Sends `signal` and waits for the exit; SIGKILL follows if it takes longer than `graceMs`. */
  async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 5_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  failure(message: string): Error {
    return new Error(`${this.name} (pid ${this.child.pid}) ${message}\n--- last output ---\n${this.output()}`);
  }

  private addLine(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    for (const waiter of [...this.lineWaiters]) waiter(line);
  }
}
