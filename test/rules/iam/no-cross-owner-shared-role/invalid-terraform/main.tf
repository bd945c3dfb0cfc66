data "archive_file" "zip" {
  type        = "zip"
  source_file = "${path.module}/src/index.js"
  output_path = "${path.module}/build/fn.zip"
}
# expect: iam/no-cross-owner-shared-role
resource "aws_iam_role" "jobs" {
  name               = "jobs"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_lambda_function" "orders_job" {
  function_name = "orders-job"
  filename      = data.archive_file.zip.output_path
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  role          = aws_iam_role.jobs.arn
  tags = {
    Owner = "@team-orders"
  }
}
resource "aws_lambda_function" "billing_job" {
  function_name = "billing-job"
  filename      = data.archive_file.zip.output_path
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  role          = aws_iam_role.jobs.arn
  tags = {
    Owner = "@team-billing"
  }
}
