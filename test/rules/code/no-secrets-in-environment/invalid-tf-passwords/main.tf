resource "aws_lambda_function" "app" {
  function_name = "app"
  role          = "arn:aws:iam::123456789012:role/app"
  handler       = "handler.main"
  runtime       = "python3.12"
  s3_bucket     = "artifacts"
  s3_key        = "app.zip"
  environment {
    variables = {
      # expect: code/no-secrets-in-environment
      MASTER_PASSWORD = "hunter22"
      # expect: code/no-secrets-in-environment
      pass = "P@ssw0rd1"
    }
  }
}
