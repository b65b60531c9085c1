/**
 * The stack plan of an environment: which root modules exist, where each keeps its state, how its
 * provider is configured, and what it exports (its wires). Renderers write exactly these stacks and
 * outputs; the runner reads backends, providers and the deploy contract from here and never parses HCL.
 *
 * Order: `dns` (with a domain), `network`, `platform`, `data` (with databases, secrets or parameters),
 * `messaging` (with queues or topics), one `service-<name>` per service, one `function-<name>` per function, one `api-<name>` per HTTP API, one `site-<name>` per static site, `monitoring` (with a dashboard), `ci` (with CI roles). Upstream stacks are not listed
 * here: a stack depends on the stacks whose wires its renderer reads, so the dependency cannot drift
 * from the references.
 */
import type { AssumedRole } from "./account.js";
import { functionStackId, httpApiStackId, siteStackId, type StackId, STACK, serviceStackId } from "./stack-ids.js";
import type { BlueGreen, Database, Environment, Service } from "./types.js";
import * as wires from "./wires.js";
import { outputs as producedBy, usesSecretsKey } from "./wires.js";
import type { Wire, WireEnv } from "./wires.js";

export { usesSecretsKey };

export type StackKind = "dns" | "network" | "platform" | "data" | "messaging" | "service" | "function" | "http-api" | "site" | "monitoring" | "ci";

/** S3 state with encryption and S3-native lock files (Terraform ≥ 1.10); a DynamoDB table optionally. */
export interface StackBackend {
  readonly kind: "s3";
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly lockTable: string | undefined;
  /** The role the backend assumes to reach the bucket (the environment's). */
  readonly role?: AssumedRole;
}

/** One `provider "aws"` block of a stack. */
export interface ProviderConfig {
  /** Undefined for the default provider. */
  readonly alias: string | undefined;
  readonly region: string;
  readonly defaultTags: Readonly<Record<string, string>>;
  /** The environment's account: terraform refuses credentials of any other (`allowed_account_ids`). */
  readonly account?: string;
  /** The role the provider assumes in that account. */
  readonly role?: AssumedRole;
}

/** What `berth deploy` sets and reads on a service stack. */
export interface DeployContract {
  /** The variable that selects the image tag. */
  readonly imageTagVariable: string;
  /** Wires the rollout wait reads: the cluster (an input of the stack), the service and its task definition. */
  readonly cluster: Wire;
  /** Undefined for a scheduled job: it has no ECS service to roll out; its next run takes the new image. */
  readonly service: Wire | undefined;
  readonly taskDefinition: Wire;
  /** A blue/green service: the CodeDeploy deployment `berth deploy` starts after the apply registers the task definition. */
  readonly blueGreen?: {
    readonly application: string;
    readonly deploymentGroup: string;
    /** The container and port the AppSpec's load balancer info names. */
    readonly container: string;
    readonly port: number;
  };
}

export interface StackPlan {
  readonly id: StackId;
  readonly kind: StackKind;
  readonly env: string;
  readonly region: string;
  /** Path below the output directory: `<env>/<region>/<id>`. */
  readonly path: string;
  readonly backend: StackBackend;
  readonly providers: readonly ProviderConfig[];
  /** The stack's outputs, in the order `outputs.tf` lists them. */
  readonly outputs: readonly Wire[];
  /** Service stacks only. */
  readonly deploy?: DeployContract;
  /** The service of a `service-<name>` stack. */
  readonly service?: string;
  /** The function of a `function-<name>` stack (its key). */
  readonly function?: string;
  /** A blue/green function: what `berth deploy <function>` needs to shift its alias through CodeDeploy. */
  readonly functionDeploy?: {
    readonly application: string;
    readonly deploymentGroup: string;
    readonly functionName: string;
    readonly alias: string;
  };
  /** The HTTP API of an `api-<name>` stack (its key). */
  readonly httpApi?: string;
  /** The static site of a `site-<name>` stack (its key). */
  readonly site?: string;
}

/** The variable `berth deploy` sets on a service stack. */
export const IMAGE_TAG_VARIABLE = "image_tag";

/** The alias of the provider a stack uses for resources in another region: `us-west-2` → `us_west_2`. */
export const regionAlias = (region: string): string => region.replace(/-/g, "_");

/** Regions other than the environment's own that the data stack writes to: backup replication targets. */
const dataRegions = (env: WireEnv): string[] => [...new Set(env.databases.flatMap((db) => (db.backupReplication ? [db.backupReplication.region] : [])))].sort();

/** The DNSSEC key's region (KMS in us-east-1, as Route 53 requires) when the primary's dns stack signs its zone elsewhere. */
const dnsRegions = (env: WireEnv): string[] =>
  env.domain?.dnssec && env.region === env.primaryRegion && env.region !== env.domain.dnssec.kmsRegion ? [env.domain.dnssec.kmsRegion] : [];

export function planStacks(env: WireEnv): StackPlan[] {
  const provider = (region: string, alias?: string): ProviderConfig => ({ alias, region, defaultTags: env.tags, account: env.account, role: env.role });
  const stack = (
    id: StackId,
    kind: StackKind,
    outputs: readonly Wire[],
    extra: Pick<StackPlan, "deploy" | "service" | "function" | "functionDeploy" | "httpApi" | "site"> = {},
    more: readonly string[] = [],
  ): StackPlan => ({
    id,
    kind,
    env: env.name,
    region: env.region,
    path: `${env.name}/${env.region}/${id}`,
    backend: {
      kind: "s3",
      bucket: env.state.bucket,
      key: `${env.state.keyPrefix}/${id}.tfstate`,
      region: env.state.region,
      lockTable: env.state.lockTable,
      role: env.state.role,
    },
    providers: [provider(env.region), ...more.map((r) => provider(r, regionAlias(r)))],
    outputs,
    ...extra,
  });
  return [
    ...(env.domain ? [stack(STACK.dns, "dns", producedBy.dns(env), {}, dnsRegions(env))] : []),
    stack(STACK.network, "network", producedBy.network(env)),
    stack(STACK.platform, "platform", producedBy.platform(env)),
    ...(hasDataStack(env) ? [stack(STACK.data, "data", producedBy.data(env), {}, dataRegions(env))] : []),
    ...(hasMessagingStack(env) ? [stack(STACK.messaging, "messaging", producedBy.messaging(env))] : []),
    ...env.services.map((s) =>
      stack(serviceStackId(s.name), "service", producedBy.service(env, s), {
        service: s.name,
        deploy: {
          imageTagVariable: IMAGE_TAG_VARIABLE,
          cluster: wires.platform.clusterArn(env),
          service: s.kind === "job" ? undefined : wires.service.name(s),
          taskDefinition: wires.service.taskDefinitionArn(env, s),
          ...(s.blueGreen ? { blueGreen: blueGreenContract(s, s.blueGreen) } : {}),
        },
      }),
    ),
    ...env.functions.map((f) =>
      stack(functionStackId(f.key), "function", producedBy.function(env, f), {
        function: f.key,
        ...(f.blueGreen
          ? { functionDeploy: { application: f.blueGreen.application, deploymentGroup: f.blueGreen.deploymentGroup, functionName: f.name, alias: f.alias } }
          : {}),
      }),
    ),
    ...env.httpApis.map((a) => stack(httpApiStackId(a.key), "http-api", producedBy.httpApi(env, a), { httpApi: a.key })),
    // CloudFront takes certificates only from us-east-1: a site with a custom name has a provider there.
    ...env.sites.map((s) => stack(siteStackId(s.key), "site", producedBy.site(env, s), { site: s.key }, s.domainName ? [CLOUDFRONT_REGION] : [])),
    ...(env.monitoring.dashboard ? [stack(STACK.monitoring, "monitoring", producedBy.monitoring(env))] : []),
    ...(env.ci ? [stack(STACK.ci, "ci", producedBy.ci(env))] : []),
  ];
}

/** The region of CloudFront's certificates (ACM). */
export const CLOUDFRONT_REGION = "us-east-1";

/** Whether the environment has queues or topics. */
export const hasMessagingStack = (env: WireEnv): boolean => env.queues.length > 0 || env.topics.length > 0;

/** Whether the environment has anything for a data stack. */
export const hasDataStack = (env: WireEnv): boolean => env.databases.length > 0 || env.secrets.length > 0 || env.parameters.length > 0;

/** The stack of an environment by id; a missing one is a bug in berth. */
export function stackPlan(env: Environment, id: StackId): StackPlan {
  const plan = env.stacks.find((s) => s.id === id);
  if (!plan) throw new Error(`bug: environment ${env.name} has no stack ${id}`);
  return plan;
}

function blueGreenContract(s: Service, bg: BlueGreen): NonNullable<DeployContract["blueGreen"]> {
  const route = bg.route;
  const port = route.kind === "nlb" ? s.nlbListeners.find((l) => l.loadBalancer === route.loadBalancer && l.port === route.port)!.targetPort : s.port!;
  return { application: bg.application, deploymentGroup: bg.deploymentGroup, container: s.name, port };
}
