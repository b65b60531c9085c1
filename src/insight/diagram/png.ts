/**
 * PNG through a headless Chromium: the SVG is written to a temporary folder and screenshot at its own
 * size. Chromium comes from `BERTH_CHROMIUM` or the PATH (`chromium`, `chromium-browser`,
 * `google-chrome`); without one, a PNG is a user error that says how to get one. The PNG gets a
 * `Software: berth diagram` text chunk, so a later run knows the file is berth's to overwrite.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { UsageError } from "../../errors.js";

export const PNG_MARKER = "berth diagram";
const CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.BERTH_CHROMIUM) return env.BERTH_CHROMIUM;
  for (const c of CANDIDATES) {
    const r = spawnSync("sh", ["-c", `command -v ${c}`], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

/** Runs headless Chromium on a file URL with extra flags; returns stdout. */
export function chromium(binary: string, url: string, flags: readonly string[]): string {
  const profile = mkdtempSync(join(tmpdir(), "berth-chromium-"));
  try {
    return execFileSync(
      binary,
      ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", `--user-data-dir=${profile}`, ...flags, url],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export function svgToPng(svg: string, width: number, height: number, binary = findChromium()): Buffer {
  if (!binary) {
    throw new UsageError(
      "--format png needs Chromium for a headless screenshot, and none was found (chromium, chromium-browser, google-chrome, or BERTH_CHROMIUM)",
      "install it (Debian/Ubuntu: apt-get install chromium), or use --format svg",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "berth-diagram-"));
  try {
    const file = join(dir, "diagram.svg");
    writeFileSync(file, svg);
    const png = join(dir, "diagram.png");
    chromium(binary, `file://${file}`, [
      `--screenshot=${png}`,
      `--window-size=${Math.ceil(width)},${Math.ceil(height)}`,
      "--default-background-color=ffffffff",
    ]);
    return withTextChunk(readFileSync(png), "Software", PNG_MARKER);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`Chromium (${binary}) could not render the PNG: ${(e as Error).message.split("\n")[0]}`, "use --format svg");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Inserts a `tEXt` chunk after the PNG header chunk. */
export function withTextChunk(png: Buffer, key: string, text: string): Buffer {
  const data = Buffer.from(`${key}\0${text}`, "latin1");
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write("tEXt", 4, "ascii");
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

export function hasTextChunk(png: Buffer, text: string): boolean {
  return png.subarray(0, 4096).includes(Buffer.from(`\0${text}`, "latin1"));
}
