/**
 * Judges the seqs one symbol received over the page's WebSockets, the way protocol.md promises
 * them: a resumed:false snapshot starts a segment (oldest tick first, ending at `seq`); every
 * tick and every resumed:true snapshot must continue it at exactly last + 1. Seqs are numbered
 * per epoch, so a restarted server (new epoch, resumed:false) starts a new segment; contiguity
 * is judged within each segment, never across epochs.
 */
import type { ServerMessage } from "../../lib/protocol";

export interface Segment {
  /** Epoch of the welcome on the socket the segment started on. */
  epoch: string | null;
  /** Socket (1-based, in the order the page opened them) the segment started on. */
  socket: number;
  /** First and last seq held; `first` is null while the segment holds no tick. */
  first: number | null;
  last: number;
  /** Ticks received in the segment, snapshot ticks included. */
  count: number;
  /** resumed:true snapshots that continued this segment. */
  resumes: number;
}

export interface SeqTrail {
  segments: Segment[];
  /** Every broken promise, in words; empty when the trail is contiguous. */
  problems: string[];
}

export interface ReceivedMessage {
  socket: number;
  message: ServerMessage;
}

export function seqTrail(frames: readonly ReceivedMessage[], symbol: string): SeqTrail {
  const segments: Segment[] = [];
  const problems: string[] = [];
  const epochs = new Map<number, string>();
  let current: Segment | null = null;

  for (const { socket, message } of frames) {
    switch (message.type) {
      case "welcome":
        epochs.set(socket, message.epoch);
        break;
      case "unsubscribed":
        if (message.symbols.includes(symbol)) current = null;
        break;
      case "snapshot": {
        if (message.symbol !== symbol) break;
        const epoch = epochs.get(socket) ?? null;
        const seqs = message.ticks.map((t) => t.seq);
        seqs.forEach((seq, i) => {
          if (i > 0 && seq !== seqs[i - 1]! + 1) problems.push(`snapshot on socket ${socket}: tick ${seq} follows ${seqs[i - 1]}`);
        });
        const newest = seqs[seqs.length - 1];
        if (newest !== undefined && newest !== message.seq) {
          problems.push(`snapshot on socket ${socket}: newest tick ${newest} but seq ${message.seq}`);
        }
        if (!message.resumed) {
          current = { epoch, socket, first: seqs[0] ?? null, last: message.seq, count: seqs.length, resumes: 0 };
          segments.push(current);
          break;
        }
        if (current === null || current.epoch !== epoch) {
          problems.push(`resumed:true snapshot on socket ${socket} continues no segment of epoch ${epoch}`);
          break;
        }
        if (seqs[0] !== undefined && seqs[0] !== current.last + 1) {
          problems.push(`resumed snapshot on socket ${socket} starts at ${seqs[0]}, expected ${current.last + 1}`);
        }
        if (message.seq < current.last) problems.push(`resumed snapshot seq ${message.seq} is behind ${current.last}`);
        current.first ??= seqs[0] ?? null;
        current.last = message.seq;
        current.count += seqs.length;
        current.resumes += 1;
        break;
      }
      case "tick":
        if (message.symbol !== symbol) break;
        if (current === null) {
          problems.push(`tick ${message.seq} on socket ${socket} before any snapshot`);
        } else if (message.seq !== current.last + 1) {
          problems.push(`tick ${message.seq} on socket ${socket}, expected ${current.last + 1}`);
          current.last = message.seq;
        } else {
          current.first ??= message.seq;
          current.last = message.seq;
          current.count += 1;
        }
        break;
      default:
        break;
    }
  }
  return { segments, problems };
}
