/**
 * Who writes ALB access logs into S3, by region: regions opened before August 2022 deliver from a regional
 * Elastic Load Balancing account, newer regions from the `logdelivery.elasticloadbalancing.amazonaws.com`
 * service principal. Source: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 * (cross-checked against `accountIDPerRegionMap` in terraform-provider-aws `internal/service/elb/service_account_data_source.go`).
 */
import { partitionOf } from "../../model/regions.js";

export const ELB_ACCESS_LOGS_DOCS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html";

/** The principal of regions that have no legacy Elastic Load Balancing account. */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Elastic Load Balancing account per region opened before August 2022. */
export const ELB_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-south-1": "718504428378",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-southeast-3": "589379963580",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-south-1": "635631232127",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-gov-west-1": "048591011584",
  "us-gov-east-1": "190560391635",
  "cn-north-1": "638102146993",
  "cn-northwest-1": "037604701340",
};

export { partitionOf };

/** The bucket-policy principal that delivers ALB access logs in a region. */
export function logDeliveryPrincipal(region: string): { readonly AWS: string } | { readonly Service: string } {
  const account = ELB_ACCOUNTS[region];
  return account ? { AWS: `arn:${partitionOf(region)}:iam::${account}:root` } : { Service: ELB_LOG_DELIVERY_SERVICE };
}
