/**
 * Benchmark symbol names and which connection subscribes to which. Assignment depends only
 * on the seed and a connection's global index, so splitting connections over several client
 * processes never changes who holds what.
 */
import { seededRandom } from "../lib/random";

/** `T000`, `T001`, ...: valid protocol symbols that no real universe entry shadows. */
export function symbolNames(count: number, prefix = "T"): string[] {
  const width = Math.max(3, String(count - 1).length);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(width, "0")}`);
}

export type Assignment =
  /** Every connection takes the whole pool. */
  | { kind: "all" }
  /** Connection i takes pool[i % n]. */
  | { kind: "round-robin" }
  /** Each connection takes `perConnection` distinct symbols drawn with the seed. */
  | { kind: "random"; perConnection: number; seed: number };

export function symbolsFor(pool: readonly string[], assignment: Assignment, index: number): string[] {
  switch (assignment.kind) {
    case "all":
      return [...pool];
    case "round-robin":
      return [pool[index % pool.length] as string];
    case "random": {
      const take = Math.min(assignment.perConnection, pool.length);
      const random = seededRandom((assignment.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
      const chosen = new Set<string>();
      while (chosen.size < take) chosen.add(pool[Math.floor(random() * pool.length)] as string);
      return [...chosen];
    }
    default: {
      const unreachable: never = assignment;
      throw new Error(`unknown assignment ${JSON.stringify(unreachable)}`);
    }
  }
}

/** FNV-1a over bytes: the client looks symbols up straight from frame bytes, without a string. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

/** Symbol → index lookup by the hash of its bytes; refuses pools whose hashes collide. */
export class SymbolTable {
  private readonly byHash = new Map<number, number>();

  constructor(readonly names: readonly string[]) {
    names.forEach((name, index) => {
      const bytes = Buffer.from(name);
      const h = hashBytes(bytes, 0, bytes.length);
      const other = this.byHash.get(h);
      if (other !== undefined) throw new Error(`symbols ${names[other]} and ${name} share a hash; rename one`);
      this.byHash.set(h, index);
    });
  }

  indexOf(name: string): number {
    const bytes = Buffer.from(name);
    return this.lookup(bytes, 0, bytes.length);
  }

  /** Index of the symbol spelled by bytes[start, end), or -1. */
  lookup(bytes: Uint8Array, start: number, end: number): number {
    return this.byHash.get(hashBytes(bytes, start, end)) ?? -1;
  }
}
