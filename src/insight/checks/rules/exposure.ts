/** Exposure: what the internet can reach — listeners, public addresses, open ingress, public databases. */
import { siteStackId, STACK } from "../../../model/stack-ids.js";
import { ident } from "../../../model/wires.js";
import { attribute } from "../terraform-view.js";
import type { Rule } from "../types.js";
import { hitLb, hitNlb, hitService, isModernTlsPolicy, isProd } from "./helpers.js";

export const exposureRules: Rule[] = [
  {
    id: "BERTH001",
    severity: "high",
    title: "Internet-facing load balancer serves plain HTTP",
    why: "Requests and responses, cookies and tokens included, cross the internet unencrypted and can be read or changed on the way.",
    fix: "Give the environment a domain (environments.<env>.domain): berth adds the certificate, an HTTPS listener and the HTTP → HTTPS redirect.",
    configPath: "environments.<env>.domain",
    checkov: "CKV_AWS_2",
    trivy: "AVD-AWS-0054",
    check: ({ env }) =>
      env.loadBalancers
        // Behind CloudFront, viewers get HTTPS from CloudFront (BERTH019 covers the origin leg).
        .filter((lb) => !lb.internal && !lb.https && !lb.cloudfront)
        .map((lb) => hitLb(lb, `${lb.name} listens on HTTP only`, `environments.${env.name}.domain`, "aws_lb_listener")),
  },
  {
    id: "BERTH002",
    severity: "high",
    title: "Tasks get public IP addresses",
    why: "A task with a public address is reachable from the internet on every port its security group opens, bypassing the load balancer.",
    fix: 'Run the service in private subnets (services.<name>.subnet: "private") with NAT or VPC endpoints for its outbound traffic.',
    configPath: "services.<name>.subnet",
    checkov: "CKV_AWS_333",
    check: ({ env }) =>
      env.services.filter((s) => s.assignPublicIp).map((s) => hitService(s, `${s.name}'s tasks get a public IP`, `services.${s.name}.subnet`)),
  },
  {
    id: "BERTH061",
    severity: "low",
    title: "Tasks may send any traffic anywhere",
    why: "An egress rule for every protocol to 0.0.0.0/0 lets a compromised task exfiltrate data or reach a command server on any port; the seeds' own designs send only HTTPS out and the database port in.",
    fix: 'Declare what the service sends (services.<name>.egress: "declared", or { internet: "https", to: [...] }): its databases and called load balancers on their ports, HTTPS out, and each named destination.',
    configPath: "services.<name>.egress",
    trivy: "AVD-AWS-0104",
    check: ({ env }) =>
      env.services
        .filter((s) => s.networkMode === "awsvpc" && s.declaredEgress === null && s.egress === "internet")
        .map((s) => hitService(s, `${s.name}'s tasks may send anything anywhere`, `services.${s.name}.egress`, "aws_vpc_security_group_egress_rule")),
  },
  {
    id: "BERTH003",
    severity: "medium",
    title: "Service runs in public subnets",
    why: "Public subnets route straight to the internet gateway; one security-group mistake exposes the service.",
    fix: 'Use private subnets (services.<name>.subnet: "private").',
    configPath: "services.<name>.subnet",
    check: ({ env }) =>
      env.services.filter((s) => s.subnetTier === "public").map((s) => hitService(s, `${s.name} runs in the public subnets`, `services.${s.name}.subnet`)),
  },
  {
    id: "BERTH004",
    severity: "critical",
    title: "Database is publicly accessible",
    why: "A publicly accessible RDS endpoint resolves to a public address; only its security group stands between the internet and the database.",
    fix: "Remove the override that sets publicly_accessible; berth keeps databases private in the database subnets.",
    configPath: "databases.<name>",
    checkov: "CKV_AWS_17",
    trivy: "AVD-AWS-0082",
    check: ({ tf }) =>
      tf
        .ofType("aws_db_instance", STACK.data)
        .concat(tf.ofType("aws_rds_cluster_instance", STACK.data))
        .filter((r) => attribute(r.block, "publicly_accessible") === true)
        .map((r) => ({
          resource: `database ${r.name}`,
          message: `${r.type}.${r.name} is publicly accessible`,
          at: { stack: r.stack, type: r.type, name: r.name },
        })),
  },
  {
    id: "BERTH005",
    severity: "high",
    title: "Security group admits the whole internet on a port other than HTTP(S)",
    why: "Ingress from 0.0.0.0/0 on any other port exposes a service or an admin interface to scanners worldwide.",
    fix: "Admit other security groups (berth's default); open only 80 and 443 of an internet-facing load balancer to the internet.",
    configPath: "loadBalancers.<name>",
    trivy: "AVD-AWS-0107",
    check: ({ tf }) =>
      tf
        .ofType("aws_vpc_security_group_ingress_rule")
        .filter((r) => attribute(r.block, "cidr_ipv4") === "0.0.0.0/0" || attribute(r.block, "cidr_ipv6") === "::/0")
        .filter((r) => !(attribute(r.block, "from_port") === attribute(r.block, "to_port") && [80, 443].includes(attribute(r.block, "from_port") as number)))
        .map((r) => ({
          resource: `${r.stack} ${r.name}`,
          message: `${r.type}.${r.name} admits 0.0.0.0/0 beyond ports 80 and 443`,
          at: { stack: r.stack, type: r.type, name: r.name },
        })),
  },
  {
    id: "BERTH006",
    severity: "medium",
    title: "Load balancer forwards invalid HTTP headers",
    why: "Header fields with invalid characters are a request-smuggling vector against the services behind the load balancer.",
    fix: "Remove the override that sets drop_invalid_header_fields to false; berth drops them.",
    configPath: "loadBalancers.<name>",
    checkov: "CKV_AWS_131",
    trivy: "AVD-AWS-0052",
    check: ({ env, tf }) =>
      env.loadBalancers
        .filter((lb) => {
          const r = tf.find(STACK.platform, "aws_lb", ident(lb.key));
          return r !== undefined && attribute(r.block, "drop_invalid_header_fields") !== true;
        })
        .map((lb) => hitLb(lb, `${lb.name} does not drop invalid header fields`, `loadBalancers.${lb.key}`)),
  },
  {
    id: "BERTH007",
    severity: "medium",
    title: "HTTPS listener allows TLS older than 1.2",
    why: "TLS 1.0 and 1.1 have known weaknesses and are refused by current browsers and compliance baselines.",
    fix: "Use a TLS 1.2+ policy such as berth's default ELBSecurityPolicy-TLS13-1-2-2021-06.",
    configPath: "environments.<env>.domain",
    checkov: "CKV_AWS_103",
    trivy: "AVD-AWS-0047",
    check: ({ env }) =>
      env.loadBalancers
        .filter((lb) => lb.https && !isModernTlsPolicy(lb.https.sslPolicy))
        .map((lb) => hitLb(lb, `${lb.name} uses ${lb.https!.sslPolicy}`, `environments.${env.name}.domain`, "aws_lb_listener")),
  },
  {
    id: "BERTH084",
    severity: "medium",
    title: "Network load balancer TLS listener allows TLS older than 1.2",
    why: "TLS 1.0 and 1.1 have known weaknesses and are refused by current clients and compliance baselines.",
    fix: "Use a TLS 1.2+ policy such as berth's default ELBSecurityPolicy-TLS13-1-2-2021-06 (networkLoadBalancers.<name>.sslPolicy).",
    configPath: "networkLoadBalancers.<name>.sslPolicy",
    checkov: "CKV_AWS_103",
    trivy: "AVD-AWS-0047",
    check: ({ env }) =>
      env.networkLoadBalancers
        .filter((nlb) => nlb.listeners.some((l) => l.protocol === "TLS") && !isModernTlsPolicy(nlb.sslPolicy))
        .map((nlb) => hitNlb(nlb, `${nlb.name}'s TLS listeners use ${nlb.sslPolicy}`, `networkLoadBalancers.${nlb.key}.sslPolicy`)),
  },
  {
    id: "BERTH008",
    severity: "medium",
    title: "Default security group of the VPC allows traffic",
    why: "Resources launched without a security group land in the default group; if it allows traffic they are exposed without anyone choosing it.",
    fix: "Remove the override that adds rules to aws_default_security_group; berth renders it with no rules.",
    configPath: "network",
    checkov: "CKV2_AWS_12",
    check: ({ env, tf }) => {
      // An existing VPC's default group is its owner's: berth would strip rules others may rely on.
      if (env.network.existing) return [];
      const r = tf.find(STACK.network, "aws_default_security_group");
      if (!r)
        return [
          {
            resource: "network",
            message: "the VPC's default security group is not managed (its default rules stay)",
            at: { stack: STACK.network, type: "aws_vpc" },
          },
        ];
      const open = r.block.body.some(
        (i) =>
          (i.kind === "block" && (i.type === "ingress" || i.type === "egress")) ||
          (i.kind === "attribute" && (i.name === "ingress" || i.name === "egress") && JSON.stringify(attribute(r.block, i.name)) !== "[]"),
      );
      return open ? [{ resource: "network", message: "the VPC's default security group has rules", at: { stack: r.stack, type: r.type, name: r.name } }] : [];
    },
  },
  {
    id: "BERTH009",
    severity: "medium",
    title: "Internet-facing load balancer in front of CloudFront accepts traffic from anywhere",
    why: "With a CloudFront distribution in front, direct requests to the load balancer bypass CloudFront's caching, WAF and TLS settings.",
    fix: "Keep cloudfront on the load balancer: berth then admits only CloudFront's origin-facing prefix list.",
    configPath: "loadBalancers.<name>.cloudfront",
    check: ({ env }) =>
      env.loadBalancers
        .filter((lb) => lb.cloudfront && lb.ingress.kind === "internet")
        .map((lb) => hitLb(lb, `${lb.name} is behind CloudFront but admits the internet`, `loadBalancers.${lb.key}.cloudfront`)),
  },
  {
    id: "BERTH082",
    severity: "low",
    title: "Public hosted zone is not signed with DNSSEC in prod",
    why: "Without DNSSEC, resolvers cannot tell the zone's answers from forged ones (cache poisoning, spoofed records pointing users elsewhere).",
    fix: "Set environments.<env>.domain.dnssec: true (berth adds the key-signing key and signs the zone), then publish the dns stack's ds_record output in the parent zone or at the registrar.",
    configPath: "environments.<env>.domain.dnssec",
    checkov: "CKV2_AWS_38",
    check: ({ env }) =>
      // A recovery region's dns stack holds only its certificate: the zone is the primary's.
      isProd(env) && env.region === env.primaryRegion && env.domain?.zone.kind === "create" && !env.domain.dnssec
        ? [
            {
              resource: `hosted zone ${env.domain.name}`,
              message: `${env.domain.name} is not signed`,
              configPath: `environments.${env.name}.domain.dnssec`,
              at: { stack: STACK.dns, type: "aws_route53_zone", name: "this" },
            },
          ]
        : [],
  },
  {
    id: "BERTH085",
    severity: "low",
    title: "Static site in prod only at its *.cloudfront.net name",
    why: "On CloudFront's default certificate the distribution's minimum TLS version is CloudFront's to set (TLS 1.0 is still accepted), and users reach the site at a name that does not say whose it is.",
    fix: "Give the environment a domain (environments.<env>.domain): the site gets <name>.<domain> (or sites.<name>.host), its own us-east-1 certificate and TLS 1.2 at least.",
    configPath: "environments.<env>.domain",
    check: ({ env }) =>
      isProd(env)
        ? env.sites
            .filter((s) => s.domainName === null)
            .map((s) => ({
              resource: `site ${s.key}`,
              message: `site ${s.key} is served only at its cloudfront.net name`,
              configPath: `environments.${env.name}.domain`,
              at: { stack: siteStackId(s.key), type: "aws_cloudfront_distribution", name: "this" },
            }))
        : [],
  },
];
