/** `npm run build` (used by the Dockerfile): builds `app/` into `dist/`. */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "./build.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { assets } = build(join(root, "app"), join(root, "dist"));
console.log(`built ${Object.values(assets).join(", ")}`);
