# Secrets Terraform generates, then shows in plain text: a random password in a function's
# environment and in an SSM String parameter, a Secrets Manager secret read into an environment
# variable, and an API key value inside a connection string.
resource "random_password" "db" {
  length  = 32
  special = true
}

resource "aws_api_gateway_api_key" "partner" {
  name = "partner"
}

data "aws_secretsmanager_secret_version" "stripe" {
  secret_id = "prod/stripe"
}

resource "aws_iam_role" "fn" {
  name = "orders"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.fn.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "orders.zip"
  environment {
    variables = {
      # expect: code/no-secrets-in-config
      DB_PASSWORD = random_password.db.result
      # expect: code/no-secrets-in-config
      STRIPE_KEY = data.aws_secretsmanager_secret_version.stripe.secret_string
      # expect: code/no-secrets-in-config
      PARTNER_URL = "https://partner.example.com/?key=${aws_api_gateway_api_key.partner.value}"
    }
  }
}

resource "aws_ssm_parameter" "db" {
  name = "/orders/db-password"
  type = "String"
  # expect: code/no-secrets-in-config
  value = random_password.db.result
}
