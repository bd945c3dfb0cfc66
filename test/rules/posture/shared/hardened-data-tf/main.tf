resource "aws_s3_bucket" "access_logs" {
  bucket = "shop-access-logs"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "shop-uploads"
}

resource "aws_s3_bucket_logging" "uploads" {
  bucket        = aws_s3_bucket.uploads.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "uploads/"
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_iam_role" "upload" {
  name = "upload"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "put"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = "s3:PutObject", Resource = "${aws_s3_bucket.uploads.arn}/*" }]
    })
  }
}

resource "aws_lambda_function" "upload" {
  function_name = "upload"
  role          = aws_iam_role.upload.arn
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  s3_bucket     = "artifacts"
  s3_key        = "upload.zip"
}

resource "aws_lambda_function_url" "upload" {
  function_name      = aws_lambda_function.upload.function_name
  authorization_type = "NONE"
}

resource "aws_cloudwatch_log_group" "upload" {
  name              = "/aws/lambda/upload"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "workflow" {
  name              = "/aws/states/workflow"
  retention_in_days = 365
}

resource "aws_sfn_state_machine" "workflow" {
  name       = "workflow"
  role_arn   = "arn:aws:iam::123456789012:role/workflow"
  definition = jsonencode({ StartAt = "Done", States = { Done = { Type = "Succeed" } } })
  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.workflow.arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }
  tracing_configuration {
    enabled = true
  }
}
