/**
 * The real hashicorp/aws schema (`terraform providers schema -json`), cached per provider version in
 * node_modules/.cache/berth, and a checker that holds rendered HCL against it so a typo fails a test.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { closest, distance } from "fastest-levenshtein";
import type { BodyItem, HclFile } from "../../src/hcl/index.js";
import { init, runTerraform, type TerraformContext } from "../../src/runner/driver.js";
import { terraformEnv } from "../../src/runner/terraform-env.js";

export interface SchemaAttribute {
  readonly type?: unknown;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly deprecated?: boolean;
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, { readonly nesting_mode: string; readonly block: SchemaBlock }>>;
}

export interface AwsProviderSchema {
  /** The provider version the schema was read from, e.g. `5.100.0`. */
  readonly version: string;
  readonly provider: { readonly block: SchemaBlock };
  readonly resource_schemas: Readonly<Record<string, { readonly block: SchemaBlock }>>;
  readonly data_source_schemas: Readonly<Record<string, { readonly block: SchemaBlock }>>;
}

const AWS = "registry.terraform.io/hashicorp/aws";
const CACHE_FILE = fileURLToPath(new URL("../../node_modules/.cache/berth/aws-provider-schema.json", import.meta.url));

let loading: Promise<AwsProviderSchema> | undefined;

/** The schema of the hashicorp/aws version `terraform init` selects; computed once per provider version. */
export function awsProviderSchema(): Promise<AwsProviderSchema> {
  return (loading ??= loadSchema());
}

async function loadSchema(): Promise<AwsProviderSchema> {
  const dir = mkdtempSync(join(tmpdir(), "berth-schema-"));
  const ctx: TerraformContext = { tf: terraformEnv(), dir, stack: "aws-provider-schema", logFile: join(dir, "terraform.log") };
  try {
    writeFileSync(join(dir, "main.tf"), 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = ">= 5.100, < 7" }\n  }\n}\n');
    await init(ctx);
    const { stdout } = await runTerraform(ctx, ["version", "-json"]);
    const version = (JSON.parse(stdout) as { provider_selections: Record<string, string> }).provider_selections[AWS]!;
    const cached = readCache();
    if (cached?.version === version) return cached;

    const out = await runTerraform(ctx, ["providers", "schema", "-json"], { logStdout: false });
    const all = JSON.parse(out.stdout) as { provider_schemas: Record<string, Omit<AwsProviderSchema, "version">> };
    const { provider, resource_schemas, data_source_schemas } = all.provider_schemas[AWS]!;
    const schema: AwsProviderSchema = { version, provider, resource_schemas, data_source_schemas };
    writeCache(schema);
    return schema;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readCache(): AwsProviderSchema | undefined {
  try {
    return JSON.parse(readFileSync(CACHE_FILE, "utf8")) as AwsProviderSchema;
  } catch {
    return undefined;
  }
}

function writeCache(schema: AwsProviderSchema): void {
  mkdirSync(dirname(CACHE_FILE), { recursive: true });
  // Test files run in parallel workers: write then rename, so no reader sees half a file.
  const tmp = `${CACHE_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(schema));
  renameSync(tmp, CACHE_FILE);
}

interface Meta {
  readonly attributes: ReadonlySet<string>;
  readonly blocks: ReadonlySet<string>;
}
const RESOURCE_META: Meta = { attributes: new Set(["count", "for_each", "depends_on", "provider"]), blocks: new Set(["lifecycle"]) };
const PROVIDER_META: Meta = { attributes: new Set(["alias"]), blocks: new Set() };
const NO_META: Meta = { attributes: new Set(), blocks: new Set() };

/**
 * Problems in every `resource`/`data` block of an `aws_` type and every `provider "aws"` block: unknown
 * types, attributes and nested blocks, and computed-only attributes we set. `dynamic` blocks are skipped.
 */
export function checkAgainstSchema(files: readonly HclFile[], schema: AwsProviderSchema): string[] {
  const problems: string[] = [];
  for (const file of files) {
    for (const item of file.body) {
      if (item.kind !== "block") continue;
      const where = `${file.name}: ${item.type} ${item.labels.map((l) => `"${l}"`).join(" ")}`;
      const type = item.labels[0] ?? "";
      if (item.type === "provider" && type === "aws") {
        checkBody(item.body, schema.provider.block, where, PROVIDER_META, problems);
      } else if ((item.type === "resource" || item.type === "data") && type.startsWith("aws_")) {
        const schemas = item.type === "resource" ? schema.resource_schemas : schema.data_source_schemas;
        const found = schemas[type];
        if (found) checkBody(item.body, found.block, where, RESOURCE_META, problems);
        else problems.push(`${where}: unknown ${item.type === "data" ? "data source" : "resource"} type "${type}"${suggest(type, Object.keys(schemas))}`);
      }
    }
  }
  return problems;
}

function checkBody(body: readonly BodyItem[], block: SchemaBlock, where: string, meta: Meta, problems: string[]): void {
  const attributes = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const item of body) {
    if (item.kind === "attribute") {
      if (meta.attributes.has(item.name)) continue;
      const attr = attributes[item.name];
      if (attr?.computed && !attr.optional && !attr.required) problems.push(`${where}: "${item.name}" is computed by the provider and cannot be set`);
      else if (!attr && blocks[item.name]) problems.push(`${where}: "${item.name}" is a block; write ${item.name} { … }`);
      else if (!attr) problems.push(`${where}: unknown attribute "${item.name}"${suggest(item.name, Object.keys(attributes))}`);
    } else if (item.kind === "block") {
      if (item.type === "dynamic" || meta.blocks.has(item.type)) continue;
      const nested = blocks[item.type]?.block ?? objectListAsBlock(attributes[item.type]?.type);
      if (nested) checkBody(item.body, nested, `${where} > ${item.type}`, NO_META, problems);
      else if (attributes[item.type]) problems.push(`${where}: "${item.type}" is an attribute; write ${item.type} = …`);
      else problems.push(`${where}: unknown block "${item.type}"${suggest(item.type, Object.keys(blocks))}`);
    }
  }
}

/**
 * Terraform lets a list or set of objects be written as repeated blocks ("attributes as blocks",
 * e.g. `ingress` of aws_security_group); its object keys then act as the block's attributes.
 */
function objectListAsBlock(type: unknown): SchemaBlock | undefined {
  if (!Array.isArray(type) || (type[0] !== "list" && type[0] !== "set")) return undefined;
  const element = type[1] as unknown;
  if (!Array.isArray(element) || element[0] !== "object") return undefined;
  const keys = element[1] as Record<string, unknown>;
  return { attributes: Object.fromEntries(Object.entries(keys).map(([k, t]) => [k, { type: t, optional: true }])) };
}

function suggest(name: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return "";
  const best = closest(name, [...candidates]);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean "${best}"?)` : "";
}
