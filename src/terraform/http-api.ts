/**
 * An `api-<name>` stack: one HTTP API (API Gateway v2) with a route per route key the functions declare,
 * each through a Lambda proxy integration (payload 2.0) on the function's `live` alias, which admits this
 * API only; a `$default` stage that deploys itself, throttles and writes JSON access logs to a log group
 * (encrypted with the environment's logs key when it has one); CORS; and, with a host, a custom domain
 * on the environment's certificate with its alias record — with recovery regions, each region's API has
 * its own custom domain (they are regional) and its record is that region's side of the Route 53 routing,
 * behind a health check of the region's API.
 */
import { attr, attrs, block, type BodyItem, type Expr, jsonencode, list, raw, resource, tpl } from "../hcl/index.js";
import { stackPlan } from "../model/stacks.js";
import { httpApiStackId } from "../model/stack-ids.js";
import type { Environment, HttpApi, LambdaFunction, RegionalRecords } from "../model/types.js";
import * as wires from "../model/wires.js";
import { banner, ident } from "./common/files.js";
import { StackInputs } from "./common/inputs.js";
import { geolocationEntries, geolocationPolicy, routingPolicy } from "./common/routing.js";
import { assembleStack, type Stack } from "./stack.js";

/** What each access log line records (`$context` variables of HTTP APIs). */
const ACCESS_LOG_FORMAT = {
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  integrationError: "$context.integrationErrorMessage",
};

export function renderHttpApiStack(env: Environment, api: HttpApi): Stack {
  const inputs = new StackInputs(httpApiStackId(api.key));
  const fns = [...new Set(api.routes.map((r) => r.function))].sort().map((key) => functionOf(env, key));
  const files = [
    { name: "api.tf", body: apiFile(env, api, inputs) },
    { name: "routes.tf", body: routesFile(env, api, fns, inputs) },
    ...(api.domainName ? [{ name: "domain.tf", body: domainFile(env, api, api.domainName, inputs) }] : []),
  ];
  const url: Expr = api.domainName ? tpl(`https://${api.domainName}`) : raw("aws_apigatewayv2_stage.this.invoke_url");
  return assembleStack(stackPlan(env, httpApiStackId(api.key)), {
    files,
    inputs,
    outputs: { api_id: raw("aws_apigatewayv2_api.this.id"), url },
  });
}

function functionOf(env: Environment, key: string): LambdaFunction {
  const f = env.functions.find((x) => x.key === key);
  if (!f) throw new Error(`bug: an HTTP API routes to function "${key}", which environment ${env.name} does not have`);
  return f;
}

function apiFile(env: Environment, api: HttpApi, inputs: StackInputs): BodyItem[] {
  return [
    banner("HTTP API", "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api.html"),
    resource("aws_apigatewayv2_api", "this", [
      attrs({ name: api.name, description: `HTTP API ${api.key}, by berth`, protocol_type: "HTTP" }),
      api.cors &&
        block(
          "cors_configuration",
          [],
          [
            attrs({
              allow_origins: list(api.cors.origins),
              allow_methods: list(api.cors.methods),
              allow_headers: list(api.cors.headers),
              max_age: api.cors.maxAgeSeconds,
            }),
          ],
        ),
    ]),
    banner("Access logs", "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html"),
    resource("aws_cloudwatch_log_group", "access", [
      attrs({
        name: api.accessLogGroup,
        retention_in_days: api.accessLogRetentionDays,
        kms_key_id: api.logsKey ? inputs.read(wires.network.logsKeyArn(env)) : undefined,
      }),
    ]),
    banner("Stage", "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html"),
    resource("aws_apigatewayv2_stage", "this", [
      attrs({ api_id: raw("aws_apigatewayv2_api.this.id"), name: "$default", auto_deploy: true }),
      block("access_log_settings", [], [attrs({ destination_arn: raw("aws_cloudwatch_log_group.access.arn"), format: jsonencode(ACCESS_LOG_FORMAT) })]),
      block("default_route_settings", [], [attrs({ throttling_rate_limit: api.throttle.rate, throttling_burst_limit: api.throttle.burst })]),
    ]),
  ];
}

function routesFile(env: Environment, api: HttpApi, fns: readonly LambdaFunction[], inputs: StackInputs): BodyItem[] {
  const items: BodyItem[] = [];
  for (const f of fns) {
    const id = ident(f.key);
    items.push(
      banner(`Function ${f.key}`, "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html"),
      resource("aws_apigatewayv2_integration", id, [
        attrs({
          api_id: raw("aws_apigatewayv2_api.this.id"),
          integration_type: "AWS_PROXY",
          integration_uri: inputs.read(wires.fn.aliasArn(env, f)),
          payload_format_version: "2.0",
        }),
      ]),
      resource("aws_lambda_permission", id, [
        attrs({
          statement_id: `api-${api.key}`,
          action: "lambda:InvokeFunction",
          function_name: inputs.read(wires.fn.name(f)),
          qualifier: f.alias,
          principal: "apigateway.amazonaws.com",
          source_arn: tpl("${aws_apigatewayv2_api.this.execution_arn}/*/*"),
        }),
      ]),
    );
    for (const r of api.routes.filter((x) => x.function === f.key)) {
      items.push(
        resource("aws_apigatewayv2_route", routeId(r.key, api), [
          attrs({ api_id: raw("aws_apigatewayv2_api.this.id"), route_key: r.key, target: tpl(`integrations/\${aws_apigatewayv2_integration.${id}.id}`) }),
        ]),
      );
    }
  }
  return items;
}

/** A resource name from a route key: `GET /items/{id}` → `get_items_id`; `$default` → `default`; numbered when two keys read the same. */
export function routeId(key: string, api: HttpApi): string {
  const base = (k: string) =>
    k
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "") || "root";
  const same = api.routes.filter((r) => base(r.key) === base(key));
  const n = same.findIndex((r) => r.key === key);
  return same.length > 1 && n > 0 ? `${base(key)}_${n + 1}` : base(key);
}

function domainFile(env: Environment, api: HttpApi, domainName: string, inputs: StackInputs): BodyItem[] {
  const regional = api.regional;
  return [
    banner(`Custom domain ${domainName}`, "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html"),
    resource("aws_apigatewayv2_domain_name", "this", [
      attr("domain_name", domainName),
      block(
        "domain_name_configuration",
        [],
        [attrs({ certificate_arn: inputs.read(wires.dns.certificateArn(env)), endpoint_type: "REGIONAL", security_policy: "TLS_1_2" })],
      ),
    ]),
    resource("aws_apigatewayv2_api_mapping", "this", [
      attrs({
        api_id: raw("aws_apigatewayv2_api.this.id"),
        domain_name: raw("aws_apigatewayv2_domain_name.this.id"),
        stage: raw("aws_apigatewayv2_stage.this.id"),
      }),
    ]),
    ...(regional ? healthCheck(api, regional) : []),
    resource("aws_route53_record", "this", [
      regional?.routing === "geolocation" && attr("for_each", geolocationEntries([domainName], regional)),
      attrs({
        zone_id: inputs.read(wires.dns.zoneId(env)),
        name: regional?.routing === "geolocation" ? raw("each.value.name") : domainName,
        type: "A",
      }),
      regional &&
        (regional.routing === "geolocation"
          ? geolocationPolicy(regional, "aws_route53_health_check.this")
          : routingPolicy(regional, "aws_route53_health_check.this")),
      block(
        "alias",
        [],
        [
          attrs({
            name: raw("aws_apigatewayv2_domain_name.this.domain_name_configuration[0].target_domain_name"),
            zone_id: raw("aws_apigatewayv2_domain_name.this.domain_name_configuration[0].hosted_zone_id"),
            evaluate_target_health: false,
          }),
        ],
      ),
    ]),
  ];
}

/**
 * Route 53 requests the region's API at its `execute-api` host over HTTPS (with SNI, which API Gateway
 * needs): the custom domain's own target would be sent the AWS host name, which it does not serve. The
 * check covers the region's API, stage, integration and function; the custom domain's mapping is static.
 */
function healthCheck(api: HttpApi, regional: RegionalRecords): BodyItem[] {
  return [
    banner(`Health check of ${api.key} in ${regional.setIdentifier}`, "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html"),
    resource("aws_route53_health_check", "this", [
      attrs({
        fqdn: raw('trimprefix(aws_apigatewayv2_api.this.api_endpoint, "https://")'),
        port: 443,
        type: "HTTPS",
        enable_sni: true,
        resource_path: regional.healthCheckPath,
        failure_threshold: 3,
        request_interval: 30,
      }),
      attr("tags", { Name: `${api.name}-api-${regional.setIdentifier}` }),
    ]),
  ];
}
