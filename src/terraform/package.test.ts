/** Function packages: the same folder zips to the same bytes whatever the clock, time zone or file times; berth's zips carry its marker. */
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/write-fixtures.js";
import { UsageError } from "../errors.js";
import { isBerthPackage, zipFolder } from "./package.js";

function fixture(): string {
  const root = tempDir();
  mkdirSync(join(root, "fn", "lib"), { recursive: true });
  writeFileSync(join(root, "fn", "index.mjs"), "export const handler = async () => ({ statusCode: 200 });\n");
  writeFileSync(join(root, "fn", "lib", "util.mjs"), "export const x = 1;\n");
  writeFileSync(join(root, "fn", "bootstrap"), "#!/bin/sh\n");
  chmodSync(join(root, "fn", "bootstrap"), 0o700);
  return root;
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("base64");

describe("zipFolder", () => {
  it("zips a folder twice to the same bytes, even after its files' times change", () => {
    const root = fixture();
    const first = zipFolder(root, "fn", "functions.api.dir");
    utimesSync(join(root, "fn", "index.mjs"), new Date(2030, 1, 1), new Date(2030, 1, 1));
    expect(Buffer.from(zipFolder(root, "fn", "functions.api.dir")).equals(Buffer.from(first))).toBe(true);
  });

  it("gives the same bytes in another time zone", () => {
    const root = fixture();
    const tz = process.env.TZ;
    try {
      process.env.TZ = "UTC";
      const utc = zipFolder(root, "fn", "f");
      process.env.TZ = "Asia/Kolkata";
      expect(Buffer.from(zipFolder(root, "fn", "f")).equals(Buffer.from(utc))).toBe(true);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it("changes (and so does source_code_hash) when a file's content changes", () => {
    const root = fixture();
    const before = sha(zipFolder(root, "fn", "f"));
    writeFileSync(join(root, "fn", "lib", "util.mjs"), "export const x = 2;\n");
    expect(sha(zipFolder(root, "fn", "f"))).not.toBe(before);
  });

  it("holds every file at its relative path, sorted, with fixed modes (0755 for executables, else 0644), and berth's comment", () => {
    const zip = zipFolder(fixture(), "fn", "f");
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(["bootstrap", "index.mjs", "lib/util.mjs"]);
    expect(new TextDecoder().decode(files["lib/util.mjs"])).toBe("export const x = 1;\n");
    expect(isBerthPackage(zip)).toBe(true);
    // The central directory's external attributes: the Unix mode in the upper 16 bits.
    const view = Buffer.from(zip);
    const modes: number[] = [];
    for (let i = view.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = view.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)) {
      modes.push(view.readUInt32LE(i + 38) >>> 16);
    }
    expect(modes.map((m) => m.toString(8))).toEqual(["100755", "100644", "100644"]);
  });

  it("refuses a missing or empty folder, or a file, naming the config field", () => {
    const root = tempDir();
    expect(() => zipFolder(root, "nope", "functions.api.dir")).toThrow(UsageError);
    expect(() => zipFolder(root, "nope", "functions.api.dir")).toThrow(/functions\.api\.dir: cannot read "nope" \(ENOENT\)/);
    mkdirSync(join(root, "empty"));
    expect(() => zipFolder(root, "empty", "functions.api.dir")).toThrow(/"empty" has no files to zip/);
    writeFileSync(join(root, "file"), "x");
    expect(() => zipFolder(root, "file", "functions.api.dir")).toThrow(/"file" is a file; a function's code is a folder/);
  });

  it("tells berth's zips from others", () => {
    expect(isBerthPackage(new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]))).toBe(false);
    expect(isBerthPackage(new TextEncoder().encode("not a zip"))).toBe(false);
  });
});
