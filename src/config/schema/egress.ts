/** `services.<name>.egress`: where a service's tasks may send traffic — broadly, or only where it declares. */
import { z } from "zod";
import { strict } from "./strict.js";
import { port } from "./units.js";

const destination = strict({
  cidr: z
    .string()
    .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, { error: 'expected an IPv4 CIDR such as "10.20.0.0/16"' })
    .optional()
    .describe('Destination network, e.g. `"10.20.0.0/16"` (a peered VPC, an on-premises range).'),
  prefixList: z
    .string()
    .regex(/^pl-[0-9a-f]{8,17}$/, { error: 'expected a managed prefix list id such as "pl-0123456789abcdef0"' })
    .optional()
    .describe('Destination managed prefix list id, e.g. `"pl-0123456789abcdef0"`.'),
  port: z.union([port(), z.tuple([port(), port()])]).describe("Destination port, or a `[from, to]` range."),
  protocol: z.enum(["tcp", "udp"]).optional().describe('Default `"tcp"`.'),
  description: z.string().max(255).optional().describe("Why the tasks send there (shown on the rule)."),
});
export type EgressDestinationInput = z.infer<typeof destination>;

const declared = strict({
  internet: z
    .enum(["https", "none"])
    .optional()
    .describe(
      '`"https"`: port 443 anywhere (AWS APIs, registries, third-party APIs); `"none"`: nothing outside the VPC (berth adds the VPC endpoints the tasks need). Default `"https"` when the subnet has a route out, else `"none"`.',
    ),
  to: z.array(destination).optional().describe("Further destinations, each a CIDR or a prefix list with a port."),
});
export type DeclaredEgressInput = z.infer<typeof declared>;

export const egressSchema = z.union([z.enum(["internet", "vpc", "declared"]), declared]);
export type EgressInput = z.infer<typeof egressSchema>;
