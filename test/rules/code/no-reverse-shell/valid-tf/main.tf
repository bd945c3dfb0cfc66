# A scheduled maintenance function that reports over a socket and runs a fixed command: quiet.
resource "aws_iam_role" "fn" {
  name = "maint"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "maint" {
  function_name = "maint"
  role          = aws_iam_role.fn.arn
  handler       = "maint.handler"
  runtime       = "python3.12"
  filename      = "maint.zip"
  environment {
    variables = { CALLBACK_HOST = "198.51.100.20" }
  }
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "cron(0 3 * * ? *)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.maint.arn
}

resource "aws_lambda_permission" "nightly" {
  statement_id  = "nightly"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.maint.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.nightly.arn
}
