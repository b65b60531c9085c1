/**
 * Sets values in a YAML config in place, keeping its comments, order and style (`yaml`'s document
 * model): how `berth adopt --write-config` adds `environments.<env>.existing` names. The file is
 * replaced whole (a temporary file renamed over it) or not at all.
 */
import { readFileSync } from "node:fs";
import { isMap, parseDocument } from "yaml";
import { UsageError } from "../errors.js";

/** Whether berth can edit the config in place (YAML), as opposed to a TS/JS module. */
export const isYamlConfig = (path: string): boolean => /\.ya?ml$/i.test(path);

/** The file's text with each path set to its value (maps on the way are created). */
export function setInYamlConfig(
  path: string,
  display: string,
  entries: readonly { readonly path: readonly (string | number)[]; readonly value: unknown }[],
): string {
  const doc = parseDocument(readFileSync(path, "utf8"));
  if (doc.errors.length > 0 || !isMap(doc.contents))
    throw new UsageError(
      `${display} could not be edited: it is not a YAML mapping that parses; nothing was written`,
      "fix the file (berth validate says where), then run the command again",
    );
  for (const e of entries) doc.setIn(e.path, e.value);
  return doc.toString();
}
