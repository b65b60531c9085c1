/** `berth schema`: prints the JSON Schema of the config. */
import { configJsonSchema } from "../config/json-schema.js";

export async function schema(): Promise<void> {
  process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
}
