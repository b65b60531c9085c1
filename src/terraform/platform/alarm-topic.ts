/**
 * `alarms.tf`: the environment's alarm topic and its email subscriptions. Service and data stacks send their
 * alarms (alarm and OK) to it through the `alarm_topic_arn` output. With `kms.alarms` (default in prod) the
 * topic is encrypted with its own key, whose policy lets this environment's alarms publish.
 */
import { attr, attrs, block, body, type BodyItem, comment, raw, resource } from "../../hcl/index.js";
import type { Environment } from "../../model/types.js";
import { alarmsKmsKeyResources } from "../common/kms.js";
import { banner } from "../common/files.js";

export function alarmTopicFile(env: Environment): BodyItem[] {
  const topic = env.monitoring.topic;
  if (!topic) return [];
  const key = env.kms.alarms;
  return body([
    banner("Alarm notifications", "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html"),
    key && [
      // The account id without an API call (offline plans): from the cluster's ARN, unless the config names it.
      env.account === undefined && block("locals", [], [attr("account_id", raw('split(":", aws_ecs_cluster.this.arn)[4]'))]),
      ...alarmsKmsKeyResources(key, { region: env.region, account: env.account ?? "${local.account_id}", alarmPrefix: `${env.prefix}-` }),
    ],
    key
      ? resource("aws_sns_topic", "alarms", [attrs({ name: topic.name, kms_master_key_id: raw("aws_kms_key.alarms.arn") })])
      : [
          comment(
            "Not encrypted: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and this environment\n" +
              "has no key of its own (`kms.alarms`, default in prod). Alarm messages carry metric names and values, never secrets.",
          ),
          resource("aws_sns_topic", "alarms", [attr("name", topic.name)]),
        ],
    topic.emails.length > 0 && [
      comment("Each address receives a confirmation email and gets alarms once it confirms."),
      resource("aws_sns_topic_subscription", "email", [
        attr("for_each", raw(`toset(${JSON.stringify(topic.emails)})`)),
        attrs({ topic_arn: raw("aws_sns_topic.alarms.arn"), protocol: "email", endpoint: raw("each.value") }),
      ]),
    ],
  ]);
}
