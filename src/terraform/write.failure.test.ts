/**
 * A write that fails part-way, or is interrupted by Ctrl-C, leaves each environment's previous files
 * (or, for Ctrl-C, possibly the complete new ones) and no `.berth-tmp-*`/`.berth-old-*` folder.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { read, stacksOf, tempDir, tree } from "../../test/support/write-fixtures.js";

const failRename = { after: Number.POSITIVE_INFINITY, calls: 0 };
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return {
    ...real,
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      if (++failRename.calls === failRename.after + 1) throw Object.assign(new Error("simulated disk failure"), { code: "EIO" });
      return real.renameSync(from, to);
    },
  };
});

const { writeStacks } = await import("./write.js");

const snapshot = (out: string) => new Map(tree(out).map((f) => [f, read(out, f)]));

describe("writeStacks when the write fails part-way", () => {
  it.each([1, 2, 3, 5])("restores the previous files of the environment after rename %i fails", (n) => {
    const out = tempDir();
    writeStacks(stacksOf("prod", ["api", "old"]), out);
    fs.writeFileSync(join(out, "prod/eu-west-1/network/waf.tf"), "# mine\n");
    const previous = snapshot(out);
    failRename.calls = 0;
    failRename.after = n - 1;
    try {
      expect(() => writeStacks(stacksOf("prod", ["api", "new"], "10.1.0.0/16"), out)).toThrow(/simulated disk failure/);
    } finally {
      failRename.after = Number.POSITIVE_INFINITY;
    }
    expect(snapshot(out)).toEqual(previous);
    expect(fs.readdirSync(out)).toEqual(["prod"]);
  });

  it("keeps environments committed before the failure and restores the one that failed", () => {
    const out = tempDir();
    writeStacks([...stacksOf("prod", []), ...stacksOf("staging", [])], out);
    const previous = snapshot(out);
    failRename.calls = 0;
    failRename.after = 2; // prod: vpc.tf moved out and the new one in; then staging's first move fails
    try {
      expect(() => writeStacks([...stacksOf("prod", [], "10.1.0.0/16"), ...stacksOf("staging", [], "10.2.0.0/16")], out)).toThrow(/simulated/);
    } finally {
      failRename.after = Number.POSITIVE_INFINITY;
    }
    const now = snapshot(out);
    expect(now.get("prod/eu-west-1/network/vpc.tf")).toContain("10.1.0.0/16");
    expect(now.get("staging/eu-west-1/network/vpc.tf")).toBe(previous.get("staging/eu-west-1/network/vpc.tf"));
    expect(fs.readdirSync(out).sort()).toEqual(["prod", "staging"]);
  });

  it("moves each new environment folder into place in one rename, so a failure leaves no part of it", () => {
    const out = tempDir();
    failRename.calls = 0;
    failRename.after = 1; // prod's folder moves; staging's fails
    try {
      expect(() => writeStacks([...stacksOf("prod", ["api"]), ...stacksOf("staging", ["api"])], out)).toThrow(/simulated/);
    } finally {
      failRename.after = Number.POSITIVE_INFINITY;
    }
    expect(failRename.calls).toBe(2);
    expect(fs.readdirSync(out)).toEqual(["prod"]);
    const prodAlone = tempDir();
    writeStacks(stacksOf("prod", ["api"]), prodAlone);
    expect(snapshot(out)).toEqual(snapshot(prodAlone));
  });
});

describe("writeStacks interrupted by Ctrl-C", () => {
  it("completes the write it is in, leaves no staging or backup folder, then ends the process by the signal", async () => {
    const out = tempDir();
    const here = import.meta.dirname;
    const script = `
      import { createJiti } from "jiti";
      const jiti = createJiti(import.meta.url);
      const { writeStacks } = await jiti.import(${JSON.stringify(join(here, "write.ts"))});
      const { stacksOf } = await jiti.import(${JSON.stringify(join(here, "../../test/support/write-fixtures.ts"))});
      const stacks = stacksOf("prod", Array.from({ length: 400 }, (_, i) => "s" + i));
      process.stdout.write("writing\\n");
      writeStacks(stacks, ${JSON.stringify(out)});
      setTimeout(() => process.stdout.write("still running\\n"), 1000);
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: join(here, "../.."), stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout === "writing\n") setTimeout(() => child.kill("SIGINT"), 20);
    });
    const signal = await new Promise<NodeJS.Signals | null>((r) => child.on("exit", (_code, sig) => r(sig)));
    expect(signal).toBe("SIGINT");
    expect(stdout).toBe("writing\n");
    expect(fs.readdirSync(out)).toEqual(["prod"]);
    expect(tree(out)).toHaveLength(2 + 400 * 2);
  }, 30_000);
});
