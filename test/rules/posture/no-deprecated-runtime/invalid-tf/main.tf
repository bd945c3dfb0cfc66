variable "runtime" {
  type = string
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  handler       = "app.handler"
  # expect: posture/no-deprecated-runtime
  runtime       = "python3.7"
  s3_bucket     = "artifacts"
  s3_key        = "worker.zip"
}

# A runtime from a variable without a value: reported as unresolved.
resource "aws_lambda_function" "configured" {
  function_name = "configured"
  role          = "arn:aws:iam::123456789012:role/worker"
  handler       = "app.handler"
  # expect: posture/no-deprecated-runtime
  runtime       = var.runtime
  s3_bucket     = "artifacts"
  s3_key        = "worker.zip"
}
