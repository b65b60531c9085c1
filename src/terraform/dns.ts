/**
 * The `dns` stack of an environment with a domain: the Route 53 hosted zone (created here, or an existing
 * one by id), the ACM certificate for the domain and `*.<domain>`, its DNS validation records and the
 * validation itself. The platform stack reads the zone and the validated certificate from its outputs.
 * A zone outlives load balancers and its name servers are delegated by hand, so it has a stack of its own.
 */
import { attr, attrs, block, type BodyItem, comment, type Expr, type HclFile, raw, resource, str } from "../hcl/index.js";
import { stackPlan } from "../model/stacks.js";
import { STACK } from "../model/stack-ids.js";
import * as wires from "../model/wires.js";
import type { Domain, Environment } from "../model/types.js";
import { banner } from "./common/files.js";
import { StackInputs } from "./common/inputs.js";
import { dnssecFile } from "./dns/dnssec.js";
import { assembleStack, type Stack } from "./stack.js";

export function renderDnsStack(env: Environment, domain: Domain): Stack {
  if (env.region !== env.primaryRegion) return renderRecoveryDnsStack(env, domain);
  const files: HclFile[] = [
    { name: "dns.tf", body: dnsFile(domain, env.region) },
    ...(domain.dnssec ? [{ name: "dnssec.tf", body: dnssecFile(env, domain, domain.dnssec) }] : []),
  ];
  return assembleStack(stackPlan(env, STACK.dns), { files, inputs: new StackInputs(STACK.dns), outputs: dnsOutputs(env, domain) });
}

function certificate(domain: Domain): BodyItem {
  return resource("aws_acm_certificate", "this", [
    attrs({
      domain_name: domain.name,
      subject_alternative_names: domain.certificateNames.filter((n) => n !== domain.name),
      validation_method: "DNS",
      key_algorithm: "RSA_2048",
    }),
    attr("tags", { Name: domain.name }),
    comment("A replacement certificate is issued before the old one goes, so listeners never lose theirs."),
    block("lifecycle", [], [attr("create_before_destroy", true)]),
  ]);
}

const zoneRef = (domain: Domain): string => (domain.zone.kind === "create" ? "aws_route53_zone.this.zone_id" : JSON.stringify(domain.zone.id));

/** The certificate the listeners use: berth's validated one, or the existing one of this region (`certificateArn`). */
const certificateOutput = (domain: Domain): Expr =>
  domain.certificateArn ? str(domain.certificateArn) : raw("aws_acm_certificate_validation.this.certificate_arn");

const existingCertificate = (domain: Domain, region: string): BodyItem[] => [
  banner("Certificate", `The existing ACM certificate in ${region} (certificateArn); berth issues and validates none.`),
  comment(`It must cover ${domain.name} and the hosts the load balancers answer below it.`),
];

function dnsFile(domain: Domain, region: string): BodyItem[] {
  const zone =
    domain.zone.kind === "create"
      ? resource("aws_route53_zone", "this", [
          attrs({ name: domain.name, comment: `${domain.name}, managed by berth. Delegate to its name servers (output name_servers).` }),
        ])
      : comment(`The existing hosted zone ${domain.zone.id} holds ${domain.name}.`);
  if (domain.certificateArn)
    return [
      banner("Hosted zone", "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/AboutHZWorkingWith.html"),
      zone,
      ...existingCertificate(domain, region),
    ];
  const option = (field: string) => raw(`one([for o in aws_acm_certificate.this.domain_validation_options : o.${field} if o.domain_name == each.key])`);
  return [
    banner("Hosted zone", "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/AboutHZWorkingWith.html"),
    zone,
    banner("Certificate, validated through DNS", "https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html"),
    certificate(domain),
    comment(
      "One record per name the model knows in advance (the wildcard shares the apex's record), so for_each\n" +
        "keys are known at plan time, before the certificate exists.",
    ),
    resource("aws_route53_record", "validation", [
      attr("for_each", raw(`toset(${JSON.stringify(domain.validationNames)})`)),
      attrs({
        zone_id: raw(zoneRef(domain)),
        name: option("resource_record_name"),
        type: option("resource_record_type"),
        records: raw(`[one([for o in aws_acm_certificate.this.domain_validation_options : o.resource_record_value if o.domain_name == each.key])]`),
        ttl: 60,
        allow_overwrite: true,
      }),
    ]),
    resource("aws_acm_certificate_validation", "this", [
      attrs({ certificate_arn: raw("aws_acm_certificate.this.arn"), validation_record_fqdns: raw("[for r in aws_route53_record.validation : r.fqdn]") }),
    ]),
  ];
}

/**
 * A recovery region's `dns`: its own certificate for the same names (ACM certificates are regional). The
 * zone is the primary's, and so are the validation records: ACM asks for the same record for a name in
 * every region of an account, so this stack only waits for the validation and owns no record it could
 * delete from under the primary.
 */
function renderRecoveryDnsStack(env: Environment, domain: Domain): Stack {
  const body: BodyItem[] = domain.certificateArn
    ? existingCertificate(domain, env.region)
    : [
        banner(`Certificate in ${env.region}, validated through the primary's records`, "https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html"),
        certificate(domain),
        comment(`The validation records are the ones the ${env.primaryRegion} dns stack writes: ACM asks for the same record in every region.`),
        resource("aws_acm_certificate_validation", "this", [attr("certificate_arn", raw("aws_acm_certificate.this.arn"))]),
      ];
  return assembleStack(stackPlan(env, STACK.dns), {
    files: [{ name: "dns.tf", body }],
    inputs: new StackInputs(STACK.dns),
    outputs: { [wires.dns.certificateArn(env).name]: certificateOutput(domain) },
  });
}

function dnsOutputs(env: Environment, domain: Domain): Record<string, Expr> {
  return {
    [wires.dns.zoneId(env).name]: raw(zoneRef(domain)),
    [wires.dns.certificateArn(env).name]: certificateOutput(domain),
    ...(domain.zone.kind === "create" ? { [wires.dns.nameServers(env).name]: raw("aws_route53_zone.this.name_servers") } : {}),
    ...(domain.dnssec ? { [wires.dns.dsRecord(env).name]: raw("aws_route53_key_signing_key.this.ds_record") } : {}),
  };
}
