/**
 * The order of names in everything berth writes and prints. `String.prototype.localeCompare` follows the
 * machine's locale (LANG, LC_ALL): in Lithuanian "y" sorts before "k", so the same config gave different
 * files on different machines. This is one fixed collation (US English, what berth's output has always
 * been sorted by).
 *
 * Nearly every name berth sorts is made of letters, digits, spaces and `_ - , : . /`. For those, US English
 * collation is simple, and `compareText` does it itself: characters compare by their place in `PLAIN`
 * (letters regardless of case) and, only when that finds no difference, the first difference in case
 * decides (lowercase first). `text-order.test.ts` holds this to `Intl.Collator`, which compares every
 * other name (and costs a few milliseconds to create, so it is made only then).
 */
const PLAIN = " _-,:./0123456789abcdefghijklmnopqrstuvwxyz";

/** Each plain ASCII character's place in the collation (1-based; 0: not plain). */
const PLACE = new Uint8Array(128);
for (let i = 0; i < PLAIN.length; i++) {
  const code = PLAIN.charCodeAt(i);
  PLACE[code] = i + 1;
  if (code >= 97 && code <= 122) PLACE[code - 32] = i + 1; // A–Z share a–z's places
}

let collator: Intl.Collator | undefined;

/** Compares two names for sorting: negative, zero or positive. */
export function compareText(a: string, b: string): number {
  if (!isPlain(a) || !isPlain(b)) {
    collator ??= new Intl.Collator("en-US");
    return collator.compare(a, b);
  }
  const n = Math.min(a.length, b.length);
  let byCase = 0;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const d = PLACE[x]! - PLACE[y]!;
    if (d !== 0) return d;
    if (byCase === 0) byCase = x > y ? -1 : 1; // the same letter: lowercase (the larger code) first
  }
  return a.length !== b.length ? a.length - b.length : byCase;
}

function isPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 128 || PLACE[code] === 0) return false;
  }
  return true;
}
