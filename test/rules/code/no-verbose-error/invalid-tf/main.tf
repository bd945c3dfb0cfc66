# A function URL with no auth whose Python handler returns the traceback of what failed.
resource "aws_iam_role" "fn" {
  name = "export"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "export" {
  function_name = "export"
  role          = aws_iam_role.fn.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "export.zip"
}

resource "aws_lambda_function_url" "export" {
  function_name      = aws_lambda_function.export.function_name
  authorization_type = "NONE"
}
