/** The `domain` of an environment: Route 53 zone, ACM certificate, HTTPS on its internet-facing load balancers. */
import { z } from "zod";
import { strict } from "./strict.js";

export const hostName = z
  .string()
  .max(253)
  .regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, { error: 'expected a lowercase DNS name such as "app.example.com"' });

/** An ACM certificate's ARN; its region is checked against the environment's in the model. */
export const certificateArn = z.string().regex(/^arn:aws[a-z-]*:acm:[a-z]{2}(-[a-z]+)+-\d:\d{12}:certificate\/[0-9a-f-]{36}$/, {
  error: 'expected an ACM certificate ARN such as "arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"',
});

export const domainSchema = strict({
  name: hostName.describe('Domain of the environment, e.g. `"shop.example.com"`. Its certificate covers the name and `*.<name>`.'),
  alternativeNames: z
    .array(
      z
        .string()
        .max(253)
        .regex(/^(\*\.)?(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, {
          error: 'expected a lowercase DNS name such as "api.eu.shop.example.com" or "*.eu.shop.example.com"',
        }),
    )
    .optional()
    .describe(
      'More names on the certificate (subject alternative names) within `name`, for hosts two or more levels below it, e.g. `["*.eu.shop.example.com"]`; each is validated through a record in the same zone. Default: none.',
    ),
  dnssec: z
    .boolean()
    .optional()
    .describe(
      "Sign the hosted zone berth creates with DNSSEC: a key-signing key in KMS (ECC P-256, in us-east-1 as Route 53 requires) and zone signing; add the `ds_record` output of the `dns` stack at the parent zone or registrar to complete the chain of trust. Not with `zoneId` (sign a zone where it is managed). Default `false`.",
    ),
  certificateArn: certificateArn
    .optional()
    .describe(
      "An existing ACM certificate in the environment's region (e.g. imported, or issued elsewhere) for the HTTPS listeners: berth then issues and validates none. It must cover `name` and the hosts berth routes below it. A recovery region needs its own (`recovery.certificateArn`): certificates are regional. Default: berth issues a certificate for `name` and `*.<name>`, validated through DNS.",
    ),
  zoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{1,31}$/, { error: 'expected a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ"' })
    .optional()
    .describe(
      "An existing public hosted zone for `name` (or a parent of it). Default: berth creates a hosted zone for `name`; delegate to its name servers (output `name_servers` of the `dns` stack).",
    ),
});
export type DomainInput = z.infer<typeof domainSchema>;
