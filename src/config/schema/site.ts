/** The `sites` section: static sites (a built folder of HTML, JS, CSS) in a private S3 bucket behind CloudFront. */
import { z } from "zod";
import { strict } from "./strict.js";

const relativeDir = z
  .string()
  .min(1)
  .refine((d) => !d.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(d), { error: 'expected a folder relative to the config file, e.g. "web/dist"' });

export const siteSchema = strict({
  dir: relativeDir.describe(
    'Folder whose files are the site, relative to the config file, e.g. `"web/dist"`: `berth deploy <site>` uploads it (after `build`), `berth dev` serves it. It must hold `index.html`.',
  ),
  build: strict({
    command: z.string().min(1).describe('Shell command that builds the site into `dir`, e.g. `"npm run build"`.'),
    cwd: relativeDir.optional().describe('Folder the command runs in, relative to the config file, e.g. `"web"`. Default: the config file\'s folder.'),
  })
    .optional()
    .describe("How `berth deploy <site>` builds the site before it uploads `dir`. Default: no build; `dir` is uploaded as it is."),
  host: z
    .string()
    .regex(/^(@|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/, {
      error: 'expected a DNS label such as "www", "@" for the domain itself, or a full name within the domain such as "docs.example.com"',
    })
    .optional()
    .describe(
      'Name the site answers on, within the environment\'s domain: a label (`"www"` → `www.<domain>`), `"@"` for the domain itself, or a full name below it (`"docs.example.com"`). CloudFront gets its own certificate for it in us-east-1 and Route 53 A/AAAA alias records. Default with a domain: `"<site name>"`; without a domain the site is served only at its `*.cloudfront.net` URL, and setting `host` is an error.',
    ),
  spa: z
    .boolean()
    .optional()
    .describe(
      "A single-page app: a request for a path with no file answers `/index.html` with status 200 (a CloudFront error response for 404; the same in `berth dev`), so the app's router handles it. Default `false`: a missing path is a 404.",
    ),
  immutable: z
    .array(z.string().min(1))
    .optional()
    .describe(
      'Files whose names change with their content (hashed build assets), as `aws s3 sync` patterns relative to `dir`; they are uploaded with `Cache-Control: public, max-age=31536000, immutable`, every other file with `no-cache`. Default `["assets/*", "_next/static/*", "static/*"]`.',
    ),
  priceClass: z
    .enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"])
    .optional()
    .describe('CloudFront edge locations used. Default `"PriceClass_100"` (North America and Europe, the cheapest).'),
});
export type SiteInput = z.infer<typeof siteSchema>;
