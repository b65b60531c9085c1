/**
 * fast-check arbitraries for berth configs: values derived from the config's JSON Schema (so most are
 * shaped right and reach the model), and random mutations of a valid config (a value replaced, a key
 * removed or renamed).
 */
import fc from "fast-check";

type Schema = Record<string, unknown>;

/** Names the examples use, so generated references sometimes resolve; and names JavaScript treats specially. */
const PLAIN_NAMES = ["api", "web", "public", "internal", "main", "prod", "staging", "dev", "db"];
const NAMES = [...PLAIN_NAMES, "constructor", "toString", "__proto__"];

/** Values that are wrong in interesting ways anywhere in a config. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, 1e20, Number.NaN, 1.5, "", "-5 seconds", "1e3 GB", "constructor", "__proto__", [], {}),
  fc.integer({ min: -100000, max: 100000 }),
  fc.string({ maxLength: 12 }),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
);

/** `odd`: the weight of wrong values against 5 for values the schema allows (0: only the shapes it allows). */
export function fromSchema(schema: Schema, odd = 1, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 12) return fc.constant(undefined);
  // `true` admits anything, `false` nothing: neither shapes a value.
  if (typeof schema === "boolean") return schema && odd > 0 ? oddValue : fc.constant(undefined);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ("const" in schema) return fc.constant(schema.const);
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromSchema(s, odd, depth + 1)));
  switch (schema.type) {
    case "boolean":
      return fc.boolean();
    case "integer":
    case "number": {
      const min = typeof schema.minimum === "number" ? schema.minimum : -10;
      const max = typeof schema.maximum === "number" ? Math.min(schema.maximum, 1e9) : 100000;
      return withOdd(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), odd);
    }
    case "string": {
      // A free string is often a reference to a name (a load balancer, a service): use known names then.
      const names = fc.constantFrom(...(odd > 0 ? NAMES : PLAIN_NAMES));
      const valid =
        typeof schema.pattern === "string"
          ? matching(schema.pattern, schema.maxLength, schema.minLength)
          : fc.oneof(names, matching(undefined, schema.maxLength, schema.minLength));
      return withOdd(valid, odd);
    }
    case "array": {
      // A tuple (`prefixItems`, with `items: false` for no more): exactly its members.
      if (Array.isArray(schema.prefixItems)) return fc.tuple(...(schema.prefixItems as Schema[]).map((s) => fromSchema(s, odd, depth + 1)));
      const items = fromSchema(typeof schema.items === "object" && schema.items !== null ? (schema.items as Schema) : {}, odd, depth + 1);
      const min = typeof schema.minItems === "number" ? schema.minItems : 0;
      return fc.array(items, { minLength: min, maxLength: min + 2 });
    }
    case "object":
      return objectOf(schema, odd, depth);
    default:
      return odd > 0 ? oddValue : fc.string({ maxLength: 8 });
  }
}

function withOdd<T>(valid: fc.Arbitrary<T>, odd: number): fc.Arbitrary<unknown> {
  return odd > 0 ? fc.oneof({ weight: 5, arbitrary: valid }, { weight: odd, arbitrary: oddValue }) : valid;
}

/** Strings matching a schema pattern (fast-check cannot build some, e.g. lookaheads: then any string). */
function matching(pattern: unknown, maxLength: unknown, minLength?: unknown): fc.Arbitrary<string> {
  const fits = (s: string) => (typeof maxLength !== "number" || s.length <= maxLength) && (typeof minLength !== "number" || s.length >= minLength);
  if (typeof pattern !== "string") return fc.string({ maxLength: 20 }).filter(fits);
  try {
    return fc.stringMatching(new RegExp(pattern)).filter(fits);
  } catch {
    return fc.string({ maxLength: 20 }).filter(fits);
  }
}

function objectOf(schema: Schema, odd: number, depth: number): fc.Arbitrary<unknown> {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = (schema.required ?? []) as string[];
  if (Object.keys(props).length > 0) {
    // Optional keys are mostly absent, so a generated config stays small and often valid.
    const shape = Object.fromEntries(
      Object.entries(props).map(([k, s]) => [
        k,
        required.includes(k) ? fromSchema(s, odd, depth + 1) : fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, fromSchema(s, odd, depth + 1)),
      ]),
    );
    return fc.record(shape).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
  }
  const values = schema.additionalProperties && typeof schema.additionalProperties === "object" ? (schema.additionalProperties as Schema) : {};
  const names = schema.propertyNames as Schema | undefined;
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(odd > 0 ? NAMES : PLAIN_NAMES)) },
    { weight: 1, arbitrary: matching(names?.pattern, names?.maxLength) },
  );
  return fc.dictionary(key, fromSchema(values, odd, depth + 1), { minKeys: 1, maxKeys: 3, noNullPrototype: true });
}

/** Every path to a value in a plain config. */
export function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [at];
  const children = Array.isArray(value) ? value.map((v, i) => pathsOf(v, [...at, i])) : Object.entries(value).map(([k, v]) => pathsOf(v, [...at, k]));
  return [at, ...children.flat()];
}

export type Mutation = { kind: "set"; path: number; value: unknown } | { kind: "delete"; path: number } | { kind: "rename"; path: number; to: string };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), path: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant("delete" as const), path: fc.nat() }),
  fc.record({ kind: fc.constant("rename" as const), path: fc.nat(), to: fc.constantFrom(...NAMES, "Bad_Name", "x".repeat(40)) }),
);

/** Applies mutations to a deep copy of `config`; each picks its path among the copy's current paths. */
export function mutate(config: unknown, mutations: readonly Mutation[]): unknown {
  const root = structuredClone(config) as Record<string, unknown>;
  for (const m of mutations) {
    const paths = pathsOf(root).filter((p) => p.length > 0);
    const path = paths[m.path % paths.length];
    if (!path) continue;
    const parent = path.slice(0, -1).reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
    const last = path[path.length - 1] as string | number;
    if (m.kind === "set") parent[last] = m.value;
    else if (m.kind === "delete") {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (!Array.isArray(parent)) {
      const v = parent[last];
      delete parent[last];
      Object.defineProperty(parent, m.to, { value: v, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}
