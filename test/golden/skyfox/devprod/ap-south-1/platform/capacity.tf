########################################
# Container instance role
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html
########################################
resource "aws_iam_role" "this" {
  name = "skyfox-devprod-ecs-instance"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = "sts:AssumeRole"
        Principal = {
          Service = "ec2.amazonaws.com"
        }
      },
    ]
  })
}

# The ECS agent's permissions, and SSM Session Manager in place of SSH.
resource "aws_iam_role_policy_attachment" "this" {
  for_each = toset([
    "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  ])

  role       = aws_iam_role.this.name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "this" {
  name = "skyfox-devprod-ecs-instance"
  role = aws_iam_role.this.name
}

########################################
# Container instance security group
########################################
# No SSH: SSM Session Manager instead. Ingress only from load balancers with bridge-mode targets (below).
resource "aws_security_group" "instances" {
  name        = "skyfox-devprod-ecs-instances"
  description = "ECS container instances"
  vpc_id      = var.vpc_id

  tags = {
    Name = "skyfox-devprod-ecs-instances"
  }
}

# The ECS agent, image pulls, logs and SSM, plus the traffic of bridge-mode tasks.
resource "aws_vpc_security_group_egress_rule" "this" {
  security_group_id = aws_security_group.instances.id
  description       = "All outbound traffic"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

########################################
# Bridge-mode traffic
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-networkmode-bridge.html
########################################
# Targets of external: backend, on host ports ECS picks from the dynamic range.
resource "aws_vpc_security_group_ingress_rule" "instances_from_alb_external" {
  security_group_id            = aws_security_group.instances.id
  description                  = "Dynamic ports from the external load balancer"
  referenced_security_group_id = aws_security_group.external.id
  ip_protocol                  = "tcp"
  from_port                    = 32768
  to_port                      = 65535
}

resource "aws_vpc_security_group_egress_rule" "alb_external_to_instances" {
  security_group_id            = aws_security_group.external.id
  description                  = "To container instances on dynamic ports"
  referenced_security_group_id = aws_security_group.instances.id
  ip_protocol                  = "tcp"
  from_port                    = 32768
  to_port                      = 65535
}

# Bridge-mode callers of internal: backend.
resource "aws_vpc_security_group_ingress_rule" "alb_internal_from_instances" {
  security_group_id            = aws_security_group.internal.id
  description                  = "HTTP from bridge-mode tasks on the container instances"
  referenced_security_group_id = aws_security_group.instances.id
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
}

########################################
# Launch template
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/launch_container_instance.html
########################################
# Provider default_tags do not reach the instances and volumes a launch template creates, so they are copied in.
data "aws_default_tags" "this" {}

resource "aws_launch_template" "this" {
  name = "skyfox-devprod-ecs"
  # EC2 resolves the SSM parameter at every launch: no data source, so plans work offline and new
  # instances get the latest ECS-optimized AMI.
  image_id               = "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
  instance_type          = "t4g.small"
  vpc_security_group_ids = [aws_security_group.instances.id]
  user_data = base64encode(join("\n", [
    "#!/bin/bash",
    "echo ECS_CLUSTER=${aws_ecs_cluster.this.name} >> /etc/ecs/ecs.config",
    "echo ECS_ENABLE_CONTAINER_METADATA=true >> /etc/ecs/ecs.config",
  ]))

  iam_instance_profile {
    arn = aws_iam_instance_profile.this.arn
  }

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
    # Containers are one network hop further from the instance metadata service than the instance.
    http_put_response_hop_limit = 2
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 30
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"

    tags = merge(data.aws_default_tags.this.tags, {
      Name = "skyfox-devprod-ecs"
    })
  }

  tag_specifications {
    resource_type = "volume"

    tags = merge(data.aws_default_tags.this.tags, {
      Name = "skyfox-devprod-ecs"
    })
  }
}

############################################
# Auto Scaling group and capacity provider
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html
############################################
resource "aws_autoscaling_group" "this" {
  name                = "skyfox-devprod-ecs-asg"
  min_size            = 2
  max_size            = 4
  desired_capacity    = 2
  vpc_zone_identifier = concat(var.private_subnet_ids, var.public_subnet_ids)
  # ECS decides which instances may go (managed termination protection).
  protect_from_scale_in = true
  # Protected instances never finish terminating on destroy; the services are gone by then.
  force_delete = true

  launch_template {
    id      = aws_launch_template.this.id
    version = "$Latest"
  }

  # Required by ECS managed scaling; Terraform would remove it otherwise.
  tag {
    key                 = "AmazonECSManaged"
    value               = "true"
    propagate_at_launch = true
  }

  # Provider default_tags do not reach Auto Scaling groups; instances get theirs from the launch template.
  dynamic "tag" {
    for_each = data.aws_default_tags.this.tags

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = false
    }
  }

  # Always ignored: ECS managed scaling owns the desired capacity.
  lifecycle {
    ignore_changes = [desired_capacity]
  }
}

resource "aws_ecs_capacity_provider" "this" {
  name = "skyfox-devprod-ec2"

  auto_scaling_group_provider {
    auto_scaling_group_arn         = aws_autoscaling_group.this.arn
    managed_termination_protection = "ENABLED"

    managed_scaling {
      status          = "ENABLED"
      target_capacity = 100
    }
  }
}
