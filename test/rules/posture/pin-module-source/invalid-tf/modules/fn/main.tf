variable "name" {}

resource "aws_iam_role" "fn" {
  name               = var.name
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}

module "helpers" {
  # expect: posture/pin-module-source
  source = "github.com/acme/lambda-helpers"
  role   = aws_iam_role.fn.name
}
