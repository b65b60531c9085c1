########################################
# Dashboard
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Dashboard-Body-Structure.html
########################################
resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = "task-api-staging"
  dashboard_body = jsonencode({
    widgets = [
      {
        type   = "metric"
        x      = 0
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "ECS CPU utilisation (%)"
          region  = "us-east-1"
          view    = "timeSeries"
          stacked = false
          stat    = "Average"
          period  = 60
          metrics = [
            [
              "AWS/ECS",
              "CPUUtilization",
              "ClusterName",
              "${var.cluster_name}",
              "ServiceName",
              "task-api-staging-api",
              {
                label = "api"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "ECS memory utilisation (%)"
          region  = "us-east-1"
          view    = "timeSeries"
          stacked = false
          stat    = "Average"
          period  = 60
          metrics = [
            [
              "AWS/ECS",
              "MemoryUtilization",
              "ClusterName",
              "${var.cluster_name}",
              "ServiceName",
              "task-api-staging-api",
              {
                label = "api"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 6
        width  = 12
        height = 6
        properties = {
          title   = "public: target response time (s)"
          region  = "us-east-1"
          view    = "timeSeries"
          stacked = false
          stat    = "Average"
          period  = 60
          metrics = [
            [
              "AWS/ApplicationELB",
              "TargetResponseTime",
              "LoadBalancer",
              "${var.alb_public_arn_suffix}",
              {
                stat  = "p50"
                label = "p50"
              },
            ],
            [
              "AWS/ApplicationELB",
              "TargetResponseTime",
              "LoadBalancer",
              "${var.alb_public_arn_suffix}",
              {
                stat  = "p95"
                label = "p95"
              },
            ],
            [
              "AWS/ApplicationELB",
              "TargetResponseTime",
              "LoadBalancer",
              "${var.alb_public_arn_suffix}",
              {
                stat  = "p99"
                label = "p99"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 6
        width  = 12
        height = 6
        properties = {
          title   = "public: requests"
          region  = "us-east-1"
          view    = "timeSeries"
          stacked = false
          stat    = "Sum"
          period  = 60
          metrics = [
            [
              "AWS/ApplicationELB",
              "RequestCount",
              "LoadBalancer",
              "${var.alb_public_arn_suffix}",
              {
                label = "requests"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 12
        width  = 12
        height = 6
        properties = {
          title   = "public: HTTP errors"
          region  = "us-east-1"
          view    = "timeSeries"
          stacked = false
          stat    = "Sum"
          period  = 60
          metrics = [
            [
              "AWS/ApplicationELB",
              "HTTPCode_Target_4XX_Count",
              "LoadBalancer",
              "${var.alb_public_arn_suffix}",
              {
                label = "target 4XX"
              },
            ],
            [
              "AWS/ApplicationELB",
              "HTTPCode_Target_5XX_Count",
              "LoadBalancer",
              "${var.alb_public_arn_suffix}",
              {
                label = "target 5XX"
              },
            ],
            [
              "AWS/ApplicationELB",
              "HTTPCode_ELB_5XX_Count",
              "LoadBalancer",
              "${var.alb_public_arn_suffix}",
              {
                label = "load balancer 5XX"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 12
        width  = 12
        height = 6
        properties = {
          title   = "public: healthy and unhealthy hosts"
          region  = "us-east-1"
          view    = "timeSeries"
          stacked = false
          stat    = "Maximum"
          period  = 60
          metrics = [
            [
              {
                expression = "SEARCH('{AWS/ApplicationELB,LoadBalancer,TargetGroup} MetricName=\"HealthyHostCount\" LoadBalancer=\"${var.alb_public_arn_suffix}\"', 'Maximum', 60)"
                id         = "healthy"
                label      = "healthy"
              },
            ],
            [
              {
                expression = "SEARCH('{AWS/ApplicationELB,LoadBalancer,TargetGroup} MetricName=\"UnHealthyHostCount\" LoadBalancer=\"${var.alb_public_arn_suffix}\"', 'Maximum', 60)"
                id         = "unhealthy"
                label      = "unhealthy"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 18
        width  = 12
        height = 6
        properties = {
          title   = "Database CPU utilisation (%)"
          region  = "us-east-1"
          view    = "timeSeries"
          stacked = false
          stat    = "Average"
          period  = 60
          metrics = [
            [
              "AWS/RDS",
              "CPUUtilization",
              "DBInstanceIdentifier",
              "task-api-staging-main",
              {
                label = "main"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 18
        width  = 12
        height = 6
        properties = {
          title   = "Database connections"
          region  = "us-east-1"
          view    = "timeSeries"
          stacked = false
          stat    = "Average"
          period  = 60
          metrics = [
            [
              "AWS/RDS",
              "DatabaseConnections",
              "DBInstanceIdentifier",
              "task-api-staging-main",
              {
                label = "main"
              },
            ],
          ]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 24
        width  = 12
        height = 6
        properties = {
          title   = "NAT gateways: bytes to the internet"
          region  = "us-east-1"
          view    = "timeSeries"
          stacked = false
          stat    = "Sum"
          period  = 60
          metrics = [for i, id in var.nat_gateway_ids : ["AWS/NATGateway", "BytesOutToDestination", "NatGatewayId", id, { label = "NAT ${i + 1}" }]]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 24
        width  = 12
        height = 6
        properties = {
          title   = "NAT gateways: port allocation errors and dropped packets"
          region  = "us-east-1"
          view    = "timeSeries"
          stacked = false
          stat    = "Sum"
          period  = 60
          metrics = concat([for i, id in var.nat_gateway_ids : ["AWS/NATGateway", "ErrorPortAllocation", "NatGatewayId", id, { label = "port errors, NAT ${i + 1}" }]], [for i, id in var.nat_gateway_ids : ["AWS/NATGateway", "PacketsDropCount", "NatGatewayId", id, { label = "dropped, NAT ${i + 1}" }]])
        }
      },
    ]
  })
}
