data "archive_file" "zip" {
  type        = "zip"
  source_file = "${path.module}/src/index.js"
  output_path = "${path.module}/build/fn.zip"
}
resource "aws_sqs_queue" "orders" {
  name = "orders"
  tags = {
    owner = "@team-orders"
  }
}
resource "aws_iam_role" "charge" {
  name               = "charge"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_lambda_function" "charge" {
  function_name = "charge"
  filename      = data.archive_file.zip.output_path
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  role          = aws_iam_role.charge.arn
  tags = {
    owner = "@team-billing"
  }
}
resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn = aws_sqs_queue.orders.arn
  function_name    = aws_lambda_function.charge.arn
}
