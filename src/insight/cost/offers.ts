/**
 * Reads AWS's public price list offer files (the CSV form, `…/offers/v1.0/aws/<offer>/current/<region>/index.csv`,
 * streamed row by row: the EC2 file has millions of rows) and picks the on-demand USD price of each price
 * key berth ships. Used by `npm run prices` (scripts/refresh-prices.ts); pure, so it is tested on an excerpt.
 */

/** How a price key is found in an offer file: its offer, column values, and the factor from AWS's unit to berth's. */
export interface Selector {
  readonly offer: string;
  /** The usage type without its region prefix (`USE1-`, `EU-`…; us-east-1 has none). */
  readonly usageType?: string;
  /** The usage type exactly (global offers, whose prefixes name edge locations). */
  readonly usageTypeExact?: string;
  /** Other columns that must match exactly. */
  readonly columns?: Readonly<Record<string, string>>;
  /** berth's unit in AWS's units, e.g. 1,000,000 for a price per request quoted per million. */
  readonly scale?: number;
  /** The offer file has no regional version (Route 53, CloudFront). */
  readonly global?: boolean;
}

const RDS_ENGINES: Readonly<Record<string, string>> = {
  postgres: "PostgreSQL",
  mysql: "MySQL",
  "aurora-postgresql": "Aurora PostgreSQL",
  "aurora-mysql": "Aurora MySQL",
};

const FIXED: Readonly<Record<string, Selector>> = {
  "fargate:vcpu:x86": { offer: "AmazonECS", usageType: "Fargate-vCPU-Hours:perCPU" },
  "fargate:gb:x86": { offer: "AmazonECS", usageType: "Fargate-GB-Hours" },
  "fargate:vcpu:arm64": { offer: "AmazonECS", usageType: "Fargate-ARM-vCPU-Hours:perCPU" },
  "fargate:gb:arm64": { offer: "AmazonECS", usageType: "Fargate-ARM-GB-Hours" },
  "fargate-spot:vcpu:x86": { offer: "AmazonECS", usageType: "SpotUsage-Fargate-vCPU-Hours:perCPU" },
  "fargate-spot:gb:x86": { offer: "AmazonECS", usageType: "SpotUsage-Fargate-GB-Hours" },
  "fargate-spot:vcpu:arm64": { offer: "AmazonECS", usageType: "SpotUsage-Fargate-ARM-vCPU-Hours:perCPU" },
  "fargate-spot:gb:arm64": { offer: "AmazonECS", usageType: "SpotUsage-Fargate-ARM-GB-Hours" },
  "ebs:gp3": { offer: "AmazonEC2", columns: { "Product Family": "Storage", "Volume API Name": "gp3" } },
  "nat:hour": { offer: "AmazonEC2", usageType: "NatGateway-Hours" },
  "nat:gb": { offer: "AmazonEC2", usageType: "NatGateway-Bytes" },
  "transfer:internet": { offer: "AmazonEC2", usageType: "DataTransfer-Out-Bytes" },
  "ipv4:hour": { offer: "AmazonVPC", usageType: "PublicIPv4:InUseAddress" },
  "endpoint:hour": { offer: "AmazonVPC", usageType: "VpcEndpoint-Hours" },
  "endpoint:gb": { offer: "AmazonVPC", usageType: "VpcEndpoint-Bytes" },
  "alb:hour": { offer: "AWSELB", usageType: "LoadBalancerUsage", columns: { "Product Family": "Load Balancer-Application" } },
  "alb:lcu": { offer: "AWSELB", usageType: "LCUUsage", columns: { "Product Family": "Load Balancer-Application" } },
  "nlb:hour": { offer: "AWSELB", usageType: "LoadBalancerUsage", columns: { "Product Family": "Load Balancer-Network" } },
  "nlb:nlcu": { offer: "AWSELB", usageType: "LCUUsage", columns: { "Product Family": "Load Balancer-Network" } },
  "rds:gp3": { offer: "AmazonRDS", usageType: "RDS:GP3-Storage" },
  "rds:backup": { offer: "AmazonRDS", usageType: "RDS:ChargedBackupUsage" },
  "aurora:storage": { offer: "AmazonRDS", usageType: "Aurora:StorageUsage" },
  "aurora:io": { offer: "AmazonRDS", usageType: "Aurora:StorageIOUsage", scale: 1_000_000 },
  "logs:ingest": { offer: "AmazonCloudWatch", usageType: "DataProcessing-Bytes" },
  "logs:storage": { offer: "AmazonCloudWatch", usageType: "TimedStorage-ByteHrs" },
  "cloudwatch:alarm": { offer: "AmazonCloudWatch", usageType: "CW:AlarmMonitorUsage" },
  "cloudwatch:dashboard": { offer: "AmazonCloudWatch", usageType: "DashboardsUsageHour" },
  "secrets:secret": { offer: "AWSSecretsManager", usageType: "AWSSecretsManager-Secrets" },
  "secrets:api": { offer: "AWSSecretsManager", usageType: "AWSSecretsManager-APIRequest", scale: 10_000 },
  "kms:key": { offer: "awskms", usageType: "KMS-Keys" },
  "kms:api": { offer: "awskms", usageType: "KMS-Requests", scale: 10_000 },
  "route53:zone": { offer: "AmazonRoute53", usageTypeExact: "HostedZone", global: true },
  "route53:queries": { offer: "AmazonRoute53", usageTypeExact: "DNS-Queries", scale: 1_000_000, global: true },
  "cloudfront:gb": { offer: "AmazonCloudFront", usageTypeExact: "US-DataTransfer-Out-Bytes", global: true },
  "cloudfront:requests": { offer: "AmazonCloudFront", usageTypeExact: "US-Requests-Tier2-HTTPS", scale: 1_000_000, global: true },
  "ecr:gb": { offer: "AmazonECR", usageType: "TimedStorage-ByteHrs" },
  "s3:gb": { offer: "AmazonS3", usageType: "TimedStorage-ByteHrs" },
  "efs:gb": { offer: "AmazonEFS", usageType: "TimedStorage-ByteHrs" },
  "fargate:ephemeral-gb": { offer: "AmazonECS", usageType: "Fargate-EphemeralStorage-GB-Hours" },
  // The usage types below were not checked against an offer file (no internet here); a key no row matches
  // keeps its shipped value and `npm run prices` lists it.
  "lambda:requests": { offer: "AWSLambda", usageType: "Request", scale: 1_000_000 },
  "lambda:gb-second:x86": { offer: "AWSLambda", usageType: "Lambda-GB-Second" },
  "lambda:gb-second:arm64": { offer: "AWSLambda", usageType: "Lambda-GB-Second-ARM" },
  "apigw:http-requests": { offer: "AmazonApiGateway", usageType: "ApiGatewayHttpRequest", scale: 1_000_000 },
  "sqs:requests": { offer: "AWSQueueService", usageType: "Requests-Tier1", scale: 1_000_000 },
  "sns:publishes": { offer: "AmazonSNS", usageType: "Requests-Tier1", scale: 1_000_000 },
  "scheduler:invocations": { offer: "AmazonEventBridge", usageType: "Scheduler-Invocation", scale: 1_000_000 },
  "states:transitions": { offer: "AmazonStates", usageType: "StateTransition", scale: 1_000 },
  "route53:health-check": { offer: "AmazonRoute53", usageTypeExact: "Health-Check-AWS", global: true },
  "route53:health-check-https": { offer: "AmazonRoute53", usageTypeExact: "Health-Check-Option-AWS", global: true },
  "waf:acl": { offer: "awswaf", usageType: "WebACLV2" },
  "waf:rule": { offer: "awswaf", usageType: "RuleV2" },
  "waf:requests": { offer: "awswaf", usageType: "RequestV2-Tier1", scale: 1_000_000 },
  "aurora:replicated-io": { offer: "AmazonRDS", usageType: "Aurora:ReplicatedWriteIO", scale: 1_000_000 },
  "transfer:inter-region": { offer: "AmazonEC2", columns: { "Product Family": "Data Transfer", "Transfer Type": "InterRegion Outbound" } },
};

/** The selector of a price key, or `undefined` for a key berth cannot refresh (then the file keeps its value). */
export function selectorFor(key: string): Selector | undefined {
  if (FIXED[key]) return FIXED[key];
  const [kind, a, b] = key.split(":");
  if (kind === "ec2" && a) {
    return {
      offer: "AmazonEC2",
      columns: {
        "Product Family": "Compute Instance",
        "Instance Type": a,
        "Operating System": "Linux",
        Tenancy: "Shared",
        "Pre Installed S/W": "NA",
        CapacityStatus: "Used",
        "License Model": "No License required",
      },
    };
  }
  if (kind === "rds" && a && b && RDS_ENGINES[a]) {
    return {
      offer: "AmazonRDS",
      columns: { "Product Family": "Database Instance", "Instance Type": b, "Database Engine": RDS_ENGINES[a]!, "Deployment Option": "Single-AZ" },
    };
  }
  return undefined;
}

/** Splits one CSV line of an offer file (every field quoted, `""` for a quote inside). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else v += line[i++];
      }
      out.push(v);
      i++; // the comma
    } else {
      const end = line.indexOf(",", i);
      out.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

const stripRegion = (usageType: string) => usageType.replace(/^[A-Z]{2,4}\d?-/, "");

function matches(row: Readonly<Record<string, string>>, s: Selector): boolean {
  if (row.TermType !== "OnDemand" || row.Currency !== "USD") return false;
  if (s.usageType !== undefined && stripRegion(row.usageType ?? "") !== s.usageType) return false;
  if (s.usageTypeExact !== undefined && row.usageType !== s.usageTypeExact) return false;
  return Object.entries(s.columns ?? {}).every(([k, v]) => row[k] === v);
}

/**
 * Scans one offer file's rows for the given keys. Of the matching rows it keeps the lowest tier with a
 * price above zero (the first GB of traffic is free; what is billed is the next tier), and among equal
 * tiers the lowest price.
 */
export class OfferScanner {
  private header: string[] | undefined;
  private readonly best = new Map<string, { start: number; usd: number }>();

  constructor(private readonly keys: ReadonlyMap<string, Selector>) {}

  /** Feeds one line; the metadata lines before the header are skipped. */
  line(text: string): void {
    if (text.trim() === "") return;
    const cells = splitCsvLine(text);
    if (!this.header) {
      if (cells[0] === "SKU") this.header = cells;
      return;
    }
    const row: Record<string, string> = {};
    this.header.forEach((h, i) => (row[h] = cells[i] ?? ""));
    this.row(row);
  }

  /** Feeds one price row by the CSV file's column names (`offerJsonRows` gives the JSON file's rows so). */
  row(row: Readonly<Record<string, string>>): void {
    const usd = Number.parseFloat(row.PricePerUnit ?? "");
    if (!(usd > 0)) return;
    const start = Number.parseFloat(row.StartingRange || "0");
    for (const [key, s] of this.keys) {
      if (!matches(row, s)) continue;
      const price = usd * (s.scale ?? 1);
      const prev = this.best.get(key);
      if (!prev || start < prev.start || (start === prev.start && price < prev.usd)) this.best.set(key, { start, usd: price });
    }
  }

  /** USD per berth unit by key, to 10 significant digits (Lambda bills per GB-second at 0.0000166667); keys no row matched are absent. */
  prices(): Map<string, number> {
    return new Map([...this.best].map(([k, v]) => [k, Number(v.usd.toPrecision(10))]));
  }
}

/** The URL of an offer file in AWS's public price list. */
export function offerUrl(offer: string, region: string, global: boolean, format: "csv" | "json"): string {
  return `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${offer}/current/${global ? "" : `${region}/`}index.${format}`;
}

/** The JSON file's product attributes under the CSV file's column names, for the selectors' `columns`. */
const JSON_ATTRIBUTE_COLUMNS: Readonly<Record<string, string>> = {
  instanceType: "Instance Type",
  operatingSystem: "Operating System",
  tenancy: "Tenancy",
  preInstalledSw: "Pre Installed S/W",
  capacitystatus: "CapacityStatus",
  licenseModel: "License Model",
  databaseEngine: "Database Engine",
  deploymentOption: "Deployment Option",
  volumeApiName: "Volume API Name",
  transferType: "Transfer Type",
  usagetype: "usageType",
};

interface OfferJson {
  readonly products?: Readonly<Record<string, { readonly productFamily?: string; readonly attributes?: Readonly<Record<string, string>> }>>;
  readonly terms?: {
    readonly OnDemand?: Readonly<
      Record<
        string,
        Readonly<
          Record<
            string,
            {
              readonly priceDimensions?: Readonly<
                Record<string, { readonly beginRange?: string; readonly unit?: string; readonly pricePerUnit?: Readonly<Record<string, string>> }>
              >;
            }
          >
        >
      >
    >;
  };
}

/**
 * The on-demand rows of an offer file in its JSON form (`products` by SKU with their `attributes`, and
 * `terms.OnDemand[sku][offer term].priceDimensions`), as the CSV form's rows: one per SKU, term and tier.
 */
export function offerJsonRows(json: unknown): Record<string, string>[] {
  const offer = json as OfferJson;
  const rows: Record<string, string>[] = [];
  for (const [sku, terms] of Object.entries(offer.terms?.OnDemand ?? {})) {
    const product = offer.products?.[sku];
    if (!product) continue;
    const columns: Record<string, string> = { "Product Family": product.productFamily ?? "" };
    for (const [k, v] of Object.entries(product.attributes ?? {})) columns[JSON_ATTRIBUTE_COLUMNS[k] ?? k] = v;
    for (const term of Object.values(terms)) {
      for (const d of Object.values(term.priceDimensions ?? {})) {
        for (const [currency, price] of Object.entries(d.pricePerUnit ?? {})) {
          rows.push({
            ...columns,
            SKU: sku,
            TermType: "OnDemand",
            Currency: currency,
            PricePerUnit: price,
            StartingRange: d.beginRange ?? "0",
            Unit: d.unit ?? "",
          });
        }
      }
    }
  }
  return rows;
}
