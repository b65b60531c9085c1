/**
 * `alarms.tf`: the environment's alarm topic and its email subscriptions. Service stacks send their alarms
 * (alarm and OK) to it through the `alarm_topic_arn` output.
 */
import { attr, attrs, body, type BodyItem, comment, raw, resource } from "../../hcl/index.js";
import type { Environment } from "../../model/types.js";
import { banner } from "../common/files.js";

export function alarmTopicFile(env: Environment): BodyItem[] {
  const topic = env.monitoring.topic;
  if (!topic) return [];
  return body([
    banner("Alarm notifications", "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html"),
    comment(
      "Not encrypted with the AWS-managed SNS key: CloudWatch cannot publish to a topic that key encrypts.\n" +
        "Alarm messages carry metric names and values, never secrets.",
    ),
    resource("aws_sns_topic", "alarms", [attr("name", topic.name)]),
    topic.emails.length > 0 && [
      comment("Each address receives a confirmation email and gets alarms once it confirms."),
      resource("aws_sns_topic_subscription", "email", [
        attr("for_each", raw(`toset(${JSON.stringify(topic.emails)})`)),
        attrs({ topic_arn: raw("aws_sns_topic.alarms.arn"), protocol: "email", endpoint: raw("each.value") }),
      ]),
    ],
  ]);
}
