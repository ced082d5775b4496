/**
 * Messages between the orchestrator and its children (one server, one or more load clients)
 * over Node's IPC channel. Every message carries an `id` so a reply is matched to its request.
 * Children narrow what they receive with `narrowCommand`; the orchestrator checks `type`.
 */
import type { PublishPlan, HaltReport } from "./schedule";
import type { Assignment } from "./symbols";

export type ImplId = "tickwire" | "ws" | "socketio";

/** How a client speaks to a server: tickwire's protocol v1 JSON, or it mapped onto Socket.IO events. */
export type Dialect = "tickwire" | "socketio";

/** Healthy clients read everything; slow clients can be told to stop reading. */
export type Group = "main" | "slow";

export type ServerCommand =
  | { op: "publish"; id: number; plan: PublishPlan }
  | { op: "halt"; id: number }
  | { op: "gc"; id: number }
  | { op: "exit"; id: number };

export type ServerReply =
  | { type: "ready"; port: number }
  | { type: "ok"; id: number }
  | ({ type: "halted"; id: number } & HaltReport)
  | { type: "error"; id: number; message: string };

export interface ConnectSpec {
  dialect: Dialect;
  port: number;
  group: Group;
  /** Global index of the first connection, so symbol assignment does not depend on the split. */
  firstIndex: number;
  count: number;
  /** Every symbol the server publishes; the client resolves frames against it. */
  pool: string[];
  assignment: Assignment;
  /** Handshakes in flight at once; 0 = all at once (the reconnect storm). */
  concurrency: number;
  timeoutMs: number;
}

export type ClientCommand =
  | { op: "connect"; id: number; spec: ConnectSpec }
  /** Starts a measured window: clears the window's histogram and counters. */
  | { op: "reset"; id: number }
  | { op: "report"; id: number }
  /** Waits until every open connection of `main` holds the final seq of each symbol it took. */
  | { op: "await-final"; id: number; finalSeqs: Record<string, number>; timeoutMs: number }
  | { op: "pause"; id: number; group: Group }
  | { op: "resume"; id: number; group: Group }
  /** Waits until every connection of the group is closed, or the timeout. */
  | { op: "await-closed"; id: number; group: Group; timeoutMs: number }
  | { op: "exit"; id: number };

export interface ConnectResult {
  opened: number;
  subscribed: number;
  failed: number;
  /** A few distinct failure messages, for the report. */
  errors: string[];
  /** From the command to the last connection holding all its snapshots. */
  allSubscribedMs: number;
  /** Per-connection time from dialling to holding all snapshots (encoded HDR histogram, µs). */
  timeToSnapshot: string;
}

export interface GroupReport {
  connections: number;
  open: number;
  /** Ticks received in the window. */
  deliveries: number;
  /** Socket reads that returned data, in the window. */
  reads: number;
  /** Encoded HDR histogram of publish→receive latency in µs, for the window. */
  latency: string;
  /** Ticks received in order since the connections opened (late ones included). */
  delivered: number;
  /** Since the connections opened, not just the window. */
  lost: number;
  outOfOrder: number;
  duplicates: number;
  /** Ticks that arrived before their symbol's snapshot: a protocol violation. */
  beforeSnapshot: number;
  /** Close frames by code, plus "no close frame" for a TCP close without one. */
  closes: Record<string, number>;
}

export type ClientReply =
  | { type: "ready" }
  | { type: "ok"; id: number }
  | ({ type: "connected"; id: number } & ConnectResult)
  | { type: "report"; id: number; groups: Record<Group, GroupReport> }
  | { type: "final"; id: number; caughtUp: boolean; behind: number; undelivered: number }
  | { type: "closed"; id: number; closed: number; open: number }
  | { type: "error"; id: number; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const SERVER_OPS = new Set(["publish", "halt", "gc", "exit"]);
const CLIENT_OPS = new Set(["connect", "reset", "report", "await-final", "pause", "resume", "await-closed", "exit"]);

/**
 * Narrows a command from the parent. The parent is our own orchestrator, so beyond the
 * discriminant and id the shape is trusted; a wrong op is still an error, never a guess.
 */
export function narrowCommand(value: unknown, side: "server"): ServerCommand;
export function narrowCommand(value: unknown, side: "client"): ClientCommand;
export function narrowCommand(value: unknown, side: "server" | "client"): ServerCommand | ClientCommand {
  if (!isRecord(value) || typeof value.op !== "string" || typeof value.id !== "number") {
    throw new Error(`malformed command ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  const ops = side === "server" ? SERVER_OPS : CLIENT_OPS;
  if (!ops.has(value.op)) throw new Error(`unknown ${side} command "${value.op}"`);
  return value as unknown as ServerCommand | ClientCommand;
}

export function narrowReply(value: unknown): { type: string; id?: number } & Record<string, unknown> {
  if (!isRecord(value) || typeof value.type !== "string") {
    throw new Error(`malformed reply ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value as { type: string; id?: number } & Record<string, unknown>;
}
