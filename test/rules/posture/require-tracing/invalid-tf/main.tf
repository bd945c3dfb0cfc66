# expect: posture/require-tracing
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  handler       = "app.handler"
  runtime       = "python3.13"
  s3_bucket     = "artifacts"
  s3_key        = "worker.zip"
}
