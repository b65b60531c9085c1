/** Small helpers the rules share: resource names for findings and the Terraform targets they point at. */
import { ident } from "../../../model/wires.js";
import { serviceStackId, STACK } from "../../../model/stack-ids.js";
import type { Database, Environment, LoadBalancer, NetworkLoadBalancer, Service } from "../../../model/types.js";
import type { RuleHit, TfTarget } from "../types.js";

export const isProd = (env: Environment): boolean => env.tier === "prod";

/** Whether an ELB security policy allows only TLS 1.2 and later (ALB HTTPS and NLB TLS listeners alike). */
export const isModernTlsPolicy = (policy: string): boolean => /TLS13|TLS-1-2|FS-1-2/.test(policy);

export const atService = (s: Service, type = "aws_ecs_service"): TfTarget => ({ stack: serviceStackId(s.name), type });
export const atLb = (lb: LoadBalancer, type = "aws_lb"): TfTarget => ({ stack: STACK.platform, type, name: ident(lb.key) });
export const atDb = (db: Database): TfTarget => ({
  stack: STACK.data,
  type: db.kind === "aurora" ? "aws_rds_cluster" : "aws_db_instance",
  name: ident(db.key),
});

export const hitService = (s: Service, message: string, configPath: string, type?: string): RuleHit => ({
  resource: `service ${s.name}`,
  message,
  configPath,
  at: atService(s, type),
});
export const hitLb = (lb: LoadBalancer, message: string, configPath: string, type?: string): RuleHit => ({
  resource: `load balancer ${lb.key}`,
  message,
  configPath,
  at: atLb(lb, type),
});
export const hitNlb = (nlb: NetworkLoadBalancer, message: string, configPath: string): RuleHit => ({
  resource: `network load balancer ${nlb.key}`,
  message,
  configPath,
  at: { stack: STACK.platform, type: "aws_lb", name: `nlb_${ident(nlb.key)}` },
});
export const hitDb = (db: Database, message: string, configPath: string): RuleHit => ({ resource: `database ${db.key}`, message, configPath, at: atDb(db) });
