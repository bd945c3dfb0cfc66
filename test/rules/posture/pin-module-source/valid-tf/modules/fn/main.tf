variable "name" {}

resource "aws_iam_role" "fn" {
  name               = var.name
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}

module "helpers" {
  source  = "app.terraform.io/acme/lambda-helpers/aws"
  version = "= 2.4.0"
  role    = aws_iam_role.fn.name
}
