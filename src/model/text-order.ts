/**
 * The order of names in everything berth writes and prints. `String.prototype.localeCompare` follows the
 * machine's locale (LANG, LC_ALL): in Lithuanian "y" sorts before "k", so the same config gave different
 * files on different machines. This is one fixed collation (US English, what berth's output has always
 * been sorted by), and a cached one: several times faster than `localeCompare` on large sorts.
 */
const collator = new Intl.Collator("en-US");

/** Compares two names for sorting: negative, zero or positive. */
export const compareText = (a: string, b: string): number => collator.compare(a, b);
