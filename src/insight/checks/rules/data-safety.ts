/** Backups and deletion protection: what survives a mistaken destroy, a bad migration or a lost AZ. */
import type { Rule } from "../types.js";
import { hitDb, hitLb, hitNlb, isProd } from "./helpers.js";
import { STACK } from "../../../model/stack-ids.js";

export const dataSafetyRules: Rule[] = [
  {
    id: "BERTH030",
    severity: "high",
    title: "Prod database without deletion protection",
    why: "One mistaken destroy or replacement deletes the database and, without a final snapshot, its data.",
    fix: "Set databases.<name>.deletionProtection: true (the prod default).",
    configPath: "databases.<name>.deletionProtection",
    checkov: "CKV_AWS_293",
    trivy: "AVD-AWS-0177",
    check: ({ env }) =>
      isProd(env)
        ? env.databases.filter((d) => !d.deletionProtection).map((d) => hitDb(d, `${d.identifier} can be deleted`, `databases.${d.key}.deletionProtection`))
        : [],
  },
  {
    id: "BERTH031",
    severity: "medium",
    title: "Prod database keeps backups less than 7 days",
    why: "Corruption or a bad migration noticed after the retention window cannot be undone.",
    fix: 'Set databases.<name>.backup.retention to at least "7 days" (prod default "30 days").',
    configPath: "databases.<name>.backup.retention",
    checkov: "CKV_AWS_133",
    trivy: "AVD-AWS-0077",
    check: ({ env }) =>
      isProd(env)
        ? env.databases
            .filter((d) => d.backupRetentionDays < 7)
            .map((d) => hitDb(d, `${d.identifier} keeps backups ${d.backupRetentionDays} days`, `databases.${d.key}.backup.retention`))
        : [],
  },
  {
    id: "BERTH032",
    severity: "medium",
    title: "Prod database deleted without a final snapshot",
    why: "Deleting the database would also delete its automated backups; a final snapshot is the last copy.",
    fix: "Set databases.<name>.finalSnapshot: true (the prod default).",
    configPath: "databases.<name>.finalSnapshot",
    check: ({ env }) =>
      isProd(env)
        ? env.databases
            .filter((d) => d.finalSnapshotIdentifier === null)
            .map((d) => hitDb(d, `${d.identifier} takes no final snapshot`, `databases.${d.key}.finalSnapshot`))
        : [],
  },
  {
    id: "BERTH033",
    severity: "medium",
    title: "Prod load balancer without deletion protection",
    why: "Deleting a load balancer changes its DNS name and breaks every client and alias pointing at it.",
    fix: "Set loadBalancers.<name>.deletionProtection: true (the prod default).",
    configPath: "loadBalancers.<name>.deletionProtection",
    checkov: "CKV_AWS_150",
    check: ({ env }) =>
      isProd(env)
        ? env.loadBalancers
            .filter((lb) => !lb.deletionProtection)
            .map((lb) => hitLb(lb, `${lb.name} can be deleted`, `loadBalancers.${lb.key}.deletionProtection`))
        : [],
  },
  {
    id: "BERTH083",
    severity: "medium",
    title: "Prod network load balancer without deletion protection",
    why: "Deleting a network load balancer changes its DNS name and addresses and breaks every client and alias pointing at it.",
    fix: "Set networkLoadBalancers.<name>.deletionProtection: true (the prod default).",
    configPath: "networkLoadBalancers.<name>.deletionProtection",
    checkov: "CKV_AWS_150",
    check: ({ env }) =>
      isProd(env)
        ? env.networkLoadBalancers
            .filter((nlb) => !nlb.deletionProtection)
            .map((nlb) => hitNlb(nlb, `${nlb.name} can be deleted`, `networkLoadBalancers.${nlb.key}.deletionProtection`))
        : [],
  },
  {
    id: "BERTH034",
    severity: "low",
    title: "Prod secret recoverable for less than 30 days",
    why: "A secret deleted by mistake can be restored only within its recovery window.",
    fix: 'Set secrets.<name>.recoveryWindow: "30 days" (the prod default).',
    configPath: "secrets.<name>.recoveryWindow",
    check: ({ env }) =>
      isProd(env)
        ? env.secrets
            .filter((s) => s.recoveryWindowDays < 30)
            .map((s) => ({
              resource: `secret ${s.key}`,
              message: `${s.name} is recoverable for ${s.recoveryWindowDays} days`,
              configPath: `secrets.${s.key}.recoveryWindow`,
              at: { stack: STACK.data, type: "aws_secretsmanager_secret" },
            }))
        : [],
  },
  {
    id: "BERTH035",
    severity: "low",
    title: "Prod database storage cannot grow",
    why: "A database that fills its storage stops accepting writes; storage autoscaling grows it before that.",
    fix: 'Set databases.<name>.maxStorage (e.g. twice storage: "200 GB").',
    configPath: "databases.<name>.maxStorage",
    check: ({ env }) =>
      isProd(env)
        ? env.databases
            .filter((d) => d.kind === "instance" && d.storage && d.storage.maxGb === null)
            .map((d) => hitDb(d, `${d.identifier} has a fixed ${d.storage!.allocatedGb} GB`, `databases.${d.key}.maxStorage`))
        : [],
  },
];
