/**
 * A load-client process: holds connections and measures them, on the orchestrator's command.
 * It runs apart from the server so its CPU is measured apart, and reports its findings as
 * encoded histograms and counts that the orchestrator merges across client processes.
 */
import { decodeFromCompressedBase64, encodeIntoCompressedBase64 } from "hdr-histogram-js";
import { clockFromEnv } from "../clock";
import { narrowCommand, type ClientCommand, type ClientReply, type ConnectResult, type ConnectSpec, type Group } from "../ipc";
import { SymbolTable, symbolsFor } from "../symbols";
import { BenchConnection } from "./connection";
import { codecFor } from "./dialect";
import { GroupStats, latencyHistogram } from "./groupStats";

const clock = clockFromEnv();
const groups: Record<Group, { stats: GroupStats; conns: BenchConnection[] }> = {
  main: { stats: new GroupStats(), conns: [] },
  slow: { stats: new GroupStats(), conns: [] },
};

function reply(message: ClientReply): void {
  process.send?.(message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens `count` connections, at most `concurrency` handshakes at once, and waits for their snapshots. */
function connectAll(spec: ConnectSpec): Promise<ConnectResult> {
  const table = new SymbolTable(spec.pool);
  const codec = codecFor(spec.dialect);
  const group = groups[spec.group];
  const startedAt = clock();
  const timeToSnapshot = latencyHistogram();
  const errors = new Set<string>();
  let started = 0;
  let done = 0;
  let subscribed = 0;
  let failed = 0;
  let lastAt = startedAt;

  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      resolve({
        opened: group.conns.filter((c) => c.state === "open").length,
        subscribed,
        failed,
        errors: [...errors].slice(0, 5),
        allSubscribedMs: lastAt - startedAt,
        timeToSnapshot: encodeIntoCompressedBase64(timeToSnapshot),
      });
    };
    const settled = new Set<BenchConnection>();
    const settle = (conn: BenchConnection, ok: boolean, reason?: string) => {
      if (settled.has(conn)) return;
      settled.add(conn);
      done++;
      if (ok) {
        subscribed++;
        lastAt = Math.max(lastAt, conn.subscribedAt);
        timeToSnapshot.recordValue(Math.max(0, Math.round((conn.subscribedAt - conn.dialledAt) * 1000)));
      } else {
        failed++;
        if (reason) errors.add(reason);
      }
      if (done === spec.count) finish();
      else next();
    };
    const hooks = {
      subscribed: (conn: BenchConnection) => settle(conn, true),
      failed: (conn: BenchConnection, reason: string) => settle(conn, false, reason),
    };
    const next = () => {
      while (started < spec.count && (spec.concurrency === 0 || started - done < spec.concurrency)) {
        const symbols = symbolsFor(spec.pool, spec.assignment, spec.firstIndex + started);
        const conn = new BenchConnection(symbols, table, codec, group.stats, clock, hooks);
        group.conns.push(conn);
        group.stats.connections++;
        started++;
        conn.dial(spec.port);
      }
    };
    const timer = setTimeout(() => {
      errors.add(`timed out after ${spec.timeoutMs} ms with ${spec.count - done} connections unsettled`);
      failed += spec.count - done;
      finish();
    }, spec.timeoutMs);
    if (spec.count === 0) finish();
    else next();
  });
}

/** Connections of `main` that are open and miss ticks up to the final seqs, and how many ticks they miss. */
function behind(finalSeqs: Record<string, number>): { behind: number; undelivered: number } {
  let count = 0;
  let undelivered = 0;
  for (const conn of groups.main.conns) {
    if (conn.state !== "open") continue;
    let missing = 0;
    conn.symbols.forEach((symbol, slot) => {
      const final = finalSeqs[symbol];
      if (final !== undefined && conn.lastSeq(slot) < final) missing += final - Math.max(0, conn.lastSeq(slot));
    });
    if (missing > 0) {
      count++;
      undelivered += missing;
    }
  }
  return { behind: count, undelivered };
}

async function handle(command: ClientCommand): Promise<void> {
  switch (command.op) {
    case "connect":
      return reply({ type: "connected", id: command.id, ...(await connectAll(command.spec)) });
    case "reset":
      groups.main.stats.resetWindow();
      groups.slow.stats.resetWindow();
      return reply({ type: "ok", id: command.id });
    case "report":
      return reply({ type: "report", id: command.id, groups: { main: groups.main.stats.report(), slow: groups.slow.stats.report() } });
    case "await-final": {
      const deadline = clock() + command.timeoutMs;
      let state = behind(command.finalSeqs);
      while (state.behind > 0 && clock() < deadline) {
        await sleep(20);
        state = behind(command.finalSeqs);
      }
      return reply({ type: "final", id: command.id, caughtUp: state.behind === 0, ...state });
    }
    case "pause":
    case "resume":
      for (const conn of groups[command.group].conns) conn[command.op]();
      return reply({ type: "ok", id: command.id });
    case "await-closed": {
      const conns = groups[command.group].conns;
      const deadline = clock() + command.timeoutMs;
      const open = () => conns.filter((c) => c.state !== "closed").length;
      while (open() > 0 && clock() < deadline) await sleep(20);
      return reply({ type: "closed", id: command.id, closed: conns.length - open(), open: open() });
    }
    case "exit":
      for (const g of Object.values(groups)) for (const conn of g.conns) conn.destroy();
      reply({ type: "ok", id: command.id });
      setTimeout(() => process.exit(0), 20);
      return;
    default: {
      const unreachable: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

if (!process.send) throw new Error("run this through `npm run bench:fanout`: it needs an IPC channel");
// Decoding once at start-up keeps the histogram codec's lazy set-up out of measured windows.
decodeFromCompressedBase64(encodeIntoCompressedBase64(latencyHistogram()));
process.on("message", (raw: unknown) => {
  let id = -1;
  try {
    const command = narrowCommand(raw, "client");
    id = command.id;
    handle(command).catch((err: unknown) => reply({ type: "error", id, message: (err as Error).stack ?? String(err) }));
  } catch (err) {
    reply({ type: "error", id, message: (err as Error).message });
  }
});
process.on("disconnect", () => process.exit(0));
reply({ type: "ready" });
