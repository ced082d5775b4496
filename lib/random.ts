/**
 * Seeded random numbers, so a simulator run with FEED_SEED is reproducible to the tick.
 * The generator is a 32-bit "mulberry"-style mixer: tiny, fast, and good enough for prices
 * (not for cryptography).
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller; one of the pair is discarded for simplicity). */
export function normal(random: Random): number {
  let u = random();
  while (u <= Number.EPSILON) u = random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Exponential draw with the given rate (mean 1/rate): inter-arrival time of a Poisson process. */
export function exponential(random: Random, rate: number): number {
  let u = random();
  while (u <= Number.EPSILON) u = random();
  return -Math.log(u) / rate;
}

/**
 * A seed for one named stream of a run (e.g. "AAPL/live"): FNV-1a over the name, mixed with the
 * run's seed and finished with a murmur3 avalanche. Each symbol drawing from its own stream is
 * what keeps a seeded run identical however the timer calls fall.
 */
export function deriveSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The random stream named `name` within the run seeded with `seed`. */
export function streamRandom(seed: number, name: string): Random {
  return seededRandom(deriveSeed(seed, name));
}
