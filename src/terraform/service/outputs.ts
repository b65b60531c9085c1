/** The values of a service stack's outputs (the wires `model/stacks.ts` lists for it), by output name. */
import { type Expr, obj, raw, tpl } from "../../hcl/index.js";
import * as wires from "../../model/wires.js";
import { lit, type ServiceContext, urlBase } from "./context.js";

export function serviceOutputs(ctx: ServiceContext): Record<string, Expr> {
  const { service, env } = ctx;
  const values: Record<string, Expr> = {
    ...(service.schedule
      ? { [wires.service.stateMachineArn(env, service).name]: raw("aws_sfn_state_machine.this.arn") }
      : { [wires.service.name(service).name]: raw("aws_ecs_service.this.name") }),
    [wires.service.taskDefinitionArn(env, service).name]: raw("aws_ecs_task_definition.this.arn"),
    [wires.service.logGroupName(service).name]: raw("aws_cloudwatch_log_group.this.name"),
  };
  if (ctx.targets.length > 0) {
    values[wires.service.targetGroupArns(env, service).name] = obj(
      Object.fromEntries(ctx.targets.map((t) => [t.lb.key, raw(`aws_lb_target_group.${t.id}.arn`)])),
    );
  }
  if (ctx.awsvpc) values[wires.service.securityGroupId(service).name] = raw("aws_security_group.this.id");
  const url = wires.service.url(env, service);
  const entry = wires.publicEntry(env, service);
  if (url && entry) values[url.name] = tpl(`${urlBase(ctx, entry.lb, entry.hosts)}${lit(entry.path)}`);
  return values;
}
