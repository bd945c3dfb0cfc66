variable "db_password" {
  sensitive = true
}

resource "aws_lambda_function" "app" {
  function_name = "app"
  role          = "arn:aws:iam::123456789012:role/app"
  handler       = "handler.main"
  runtime       = "python3.12"
  s3_bucket     = "artifacts"
  s3_key        = "app.zip"
  environment {
    variables = {
      MASTER_PASSWORD = var.db_password
      PASSWORD_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"
      pass            = "changeme"
    }
  }
}
