/** The config's JSON Schema, generated from the zod schema and its descriptions. */
import { z } from "zod";
import { configSchema } from "./schema/app.js";

export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }),
    title: "berth config",
  };
}
