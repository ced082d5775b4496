/** The implementations under test: how to start each, and how clients speak to it. */
import type { Dialect, ImplId } from "../ipc";

export interface ImplSpec {
  id: ImplId;
  label: string;
  script: string;
  dialect: Dialect;
}

export const IMPLS: Record<ImplId, ImplSpec> = {
  tickwire: { id: "tickwire", label: "tickwire (uWS)", script: "bench/peers/feed-server.ts", dialect: "tickwire" },
  ws: { id: "ws", label: "ws", script: "bench/peers/ws-server.ts", dialect: "tickwire" },
  socketio: { id: "socketio", label: "Socket.IO", script: "bench/peers/socketio-server.ts", dialect: "socketio" },
};

/** A B C order within every round; ratios are always against the first. */
export const IMPL_ORDER: ImplId[] = ["tickwire", "ws", "socketio"];
export const BASELINE: ImplId = "tickwire";
