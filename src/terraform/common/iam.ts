/** IAM policy documents as `jsonencode({ … })` expressions: readable in review, checked by Terraform. */
import { type Expr, jsonencode, type Value } from "../../hcl/index.js";

export type Statement = { readonly [key: string]: Value };

export function policyDocument(statements: readonly Statement[]): Expr {
  return jsonencode({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy that lets an AWS service (e.g. `ecs-tasks.amazonaws.com`) assume the role. */
export function assumeRolePolicy(service: string): Expr {
  return policyDocument([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: service } }]);
}
