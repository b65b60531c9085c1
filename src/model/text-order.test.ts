import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareText } from "./text-order.js";

describe("compareText", () => {
  it("sorts names as berth's output always has been (US English collation: case and punctuation secondary)", () => {
    expect(["ab", "a_b", "A", "aB", "a1", "a-b"].sort(compareText)).toEqual(["A", "a_b", "a-b", "a1", "ab", "aB"]);
  });

  it("orders names of letters, digits, spaces and _ - , : . / exactly as the US English collation does", () => {
    const collator = new Intl.Collator("en-US");
    const alphabet = " _-,:./0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Half the characters from the punctuation and digits, where the collation differs most from ASCII.
    const name = () =>
      Array.from({ length: Math.floor(random() * 7) }, () => alphabet[Math.floor(random() * (random() < 0.5 ? 17 : alphabet.length))]).join("");
    for (let i = 0; i < 100_000; i++) {
      const a = name();
      const b = i % 3 === 0 ? a.toUpperCase() : name();
      expect([a, b, Math.sign(compareText(a, b))]).toEqual([a, b, Math.sign(collator.compare(a, b))]);
    }
  });

  it("takes the collation for any other character", () => {
    expect(["résumé", "resume", "rester", "résister"].sort(compareText)).toEqual(["résister", "rester", "resume", "résumé"]);
  });

  it("does not follow the machine's locale, where localeCompare does", () => {
    // The compiled module (npm test builds first): a child Node with a Lithuanian locale runs it.
    const script = `import { compareText } from ${JSON.stringify(new URL("../../dist/model/text-order.js", import.meta.url).href)};
console.log(JSON.stringify([["Ka", "Ya"].sort(compareText), ["Ka", "Ya"].sort((a, b) => a.localeCompare(b))]));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { ...process.env, LC_ALL: "lt_LT.UTF-8" },
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([
      ["Ka", "Ya"],
      ["Ya", "Ka"],
    ]);
  });

  it("is what berth sorts by: no localeCompare left in src", () => {
    const src = join(import.meta.dirname, "..");
    const users = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith("text-order.ts"))
      .filter((f) => readFileSync(join(src, f), "utf8").includes(".localeCompare("));
    expect(users).toEqual([]);
  });
});
