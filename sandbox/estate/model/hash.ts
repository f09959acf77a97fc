// Deterministic "randomness": every id, jitter and generated mix is a hash of stable inputs, so the same scenario
// and clock always produce the same estate (tests can pin values; two runs can be diffed).

/** 32-bit FNV-1a with a seed folded into the offset basis, finished with an avalanche mix. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A version-4-shaped GUID derived from text (Azure job and recovery point names are GUIDs). */
export function guidFrom(text: string): string {
  const hex = [1, 2, 3, 4].map((seed) => hash32(text, seed).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Integer in [min, max] picked by hashing `key`. */
export function pick(key: string, min: number, max: number): number {
  return min + (hash32(key) % (max - min + 1));
}

/** Seeded generator of floats in [0, 1) (xorshift32), for the bulk scenario generator. */
export function seededRandom(seed: number): () => number {
  let state = hash32(`seed:${seed}`) || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}
