data "aws_secretsmanager_secret_version" "db" {
  secret_id = "prod/db"
}

resource "aws_kms_key" "env" {
  enable_key_rotation = true
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "app.handler"
  runtime       = "python3.13"
  s3_bucket     = "artifacts"
  s3_key        = "api.zip"
  kms_key_arn   = aws_kms_key.env.arn
  environment {
    variables = {
      DB_PASSWORD = data.aws_secretsmanager_secret_version.db.secret_string
    }
  }
}
