/**
 * What every server under test shares: its configuration from the environment, the publish
 * schedule, and the IPC loop through which the orchestrator starts and halts publishing.
 * Only `start` and `publish` differ between implementations.
 */
import type { Tick } from "../../lib/protocol";
import { specFor } from "../../lib/universe";
import { clockFromEnv } from "../clock";
import { narrowCommand, type ServerCommand, type ServerReply } from "../ipc";
import { PublishRunner, realTimers, TickMaker } from "../schedule";
import { parseFault, type Fault } from "./faults";

export interface PeerContext {
  symbols: string[];
  opens: Map<string, number>;
  /** Ticks a fresh snapshot carries, as FEED_SNAPSHOT_TICKS for the feed server. */
  snapshotTicks: number;
  /** Bytes buffered for one client before it is closed as a slow consumer (where the peer checks). */
  maxBackpressure: number;
  fault: Fault | undefined;
  now: () => number;
}

export interface Peer {
  /** Listens on 127.0.0.1 and a free port, and returns the port. */
  start(): Promise<number>;
  publish(tick: Tick): void;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function contextFromEnv(env: NodeJS.ProcessEnv): PeerContext {
  const symbols = (env.BENCH_SYMBOLS ?? "").split(",").filter(Boolean);
  if (symbols.length === 0) throw new Error("BENCH_SYMBOLS must list the symbols to serve");
  return {
    symbols,
    opens: new Map(symbols.map((s) => [s, specFor(s).price])),
    snapshotTicks: positiveInt(env, "BENCH_SNAPSHOT_TICKS", 200),
    maxBackpressure: positiveInt(env, "BENCH_MAX_BACKPRESSURE", 1024 * 1024),
    fault: parseFault(env.BENCH_FAULT),
    now: clockFromEnv(env),
  };
}

function reply(message: ServerReply): void {
  process.send?.(message);
}

/** Runs a peer as a child of the orchestrator; exits when the orchestrator goes away. */
export function runPeer(create: (ctx: PeerContext) => Peer): void {
  if (!process.send) throw new Error("run this through `npm run bench:fanout`: it needs an IPC channel");
  const ctx = contextFromEnv(process.env);
  const peer = create(ctx);
  const maker = new TickMaker(ctx.opens, positiveInt(process.env, "BENCH_SEED", 1));
  const runner = new PublishRunner(maker, (tick) => peer.publish(tick), ctx.now, realTimers);

  const handle = (command: ServerCommand): void => {
    switch (command.op) {
      case "publish":
        runner.start(command.plan);
        return reply({ type: "ok", id: command.id });
      case "halt":
        return reply({ type: "halted", id: command.id, ...runner.halt() });
      case "gc":
        // Started with --expose-gc, so RSS samples after a full collection compare retained memory.
        (globalThis as { gc?: () => void }).gc?.();
        return reply({ type: "ok", id: command.id });
      case "exit":
        runner.halt();
        reply({ type: "ok", id: command.id });
        // Let the reply flush; --cpu-prof writes its profile on this exit.
        setTimeout(() => process.exit(0), 50);
        return;
      default: {
        const unreachable: never = command;
        throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
      }
    }
  };

  process.on("message", (raw: unknown) => {
    let id = -1;
    try {
      const command = narrowCommand(raw, "server");
      id = command.id;
      handle(command);
    } catch (err) {
      reply({ type: "error", id, message: (err as Error).message });
    }
  });
  process.on("disconnect", () => process.exit(0));
  peer.start().then(
    (port) => reply({ type: "ready", port }),
    (err: unknown) => {
      console.error(`peer failed to start: ${(err as Error).stack ?? String(err)}`);
      process.exit(1);
    },
  );
}
