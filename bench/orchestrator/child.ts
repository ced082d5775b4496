/**
 * A child process of the benchmark (a server under test or a load client), run through
 * `sh -c 'ulimit -n N'` so that it may hold thousands of sockets, with an IPC channel for
 * requests and replies. `stop` ends it by its own pid and nothing else.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { narrowReply } from "../ipc";

/** Exit status the wrapper uses when the open-file limit cannot be raised. */
const ULIMIT_FAILED = 97;

/** Every child still running, so an interrupted benchmark leaves no process behind. */
const live = new Set<ChildProcess>();

/** Kills every child this process started that is still running, each by its own pid. */
export function killAllChildren(): void {
  for (const proc of live) if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
}

export interface ChildOptions {
  name: string;
  script: string;
  cwd: string;
  env: Record<string, string>;
  /** Open-file limit the child needs. */
  nofile: number;
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

type Reply = ReturnType<typeof narrowReply>;

export class Child {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private readonly output: string[] = [];
  private exited: string | undefined;

  private constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
    readonly ready: Reply,
  ) {
    proc.on("message", (raw: unknown) => this.onMessage(raw));
  }

  get pid(): number {
    return this.proc.pid as number;
  }

  static start(options: ChildOptions): Promise<Child> {
    const proc = spawn(
      "sh",
      [
        "-c",
        `ulimit -n "$1" 2>/dev/null || exit ${ULIMIT_FAILED}; shift; exec "$@"`,
        "sh",
        String(options.nofile),
        process.execPath,
        ...(options.nodeArgs ?? []),
        "--import",
        "tsx",
        options.script,
      ],
      { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe", "ipc"] },
    );
    live.add(proc);
    proc.once("exit", () => live.delete(proc));
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 40) output.shift();
    };
    proc.stdout?.on("data", keep);
    proc.stderr?.on("data", keep);
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        if (proc.exitCode === null) proc.kill("SIGKILL");
        reject(new Error(`${options.name}: ${why}\n${output.join("").slice(-3000)}`));
      };
      const timer = setTimeout(() => fail("did not report ready in time"), options.readyTimeoutMs ?? 30_000);
      const onEarlyExit = (code: number | null) =>
        fail(
          code === ULIMIT_FAILED
            ? `cannot raise the open-file limit to ${options.nofile} (the hard limit is lower; raise it, e.g. prlimit --nofile=${options.nofile} or run with fewer connections)`
            : `exited with code ${code} before it was ready`,
        );
      proc.once("exit", onEarlyExit);
      proc.once("message", (raw: unknown) => {
        clearTimeout(timer);
        proc.off("exit", onEarlyExit);
        const child = new Child(options.name, proc, narrowReply(raw));
        child.output.push(...output);
        proc.stdout?.off("data", keep);
        proc.stderr?.off("data", keep);
        proc.stdout?.on("data", (c: Buffer) => child.keep(c));
        proc.stderr?.on("data", (c: Buffer) => child.keep(c));
        proc.once("exit", (code, signal) => child.onExit(code, signal));
        resolve(child);
      });
    });
  }

  /** Sends a command and resolves with its reply, or rejects on an error reply, exit or timeout. */
  request(command: { op: string } & Record<string, unknown>, timeoutMs = 30_000): Promise<Reply> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited (${this.exited})`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: no reply to "${command.op}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.proc.send({ ...command, id });
    });
  }

  /** Asks the child to exit, then kills it (by its pid only) if it does not. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once("exit", () => resolve()));
    this.request({ op: "exit" }, graceMs).catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), graceMs);
    await gone;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited && this.proc.exitCode === null) this.proc.kill("SIGKILL");
  }

  recentOutput(): string {
    return this.output.join("").slice(-3000);
  }

  private keep(chunk: Buffer): void {
    this.output.push(chunk.toString());
    if (this.output.length > 40) this.output.shift();
  }

  private onMessage(raw: unknown): void {
    const reply = narrowReply(raw);
    if (reply.id === undefined) return;
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (reply.type === "error") waiter.reject(new Error(`${this.name}: ${String(reply.message)}`));
    else waiter.resolve(reply);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = signal ? `signal ${signal}` : `code ${code}`;
    const error = new Error(`${this.name} exited (${this.exited}) while a request was waiting\n${this.recentOutput()}`);
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
