# A Fastify app behind @fastify/aws-lambda on a function URL with no auth.
resource "aws_iam_role" "fn" {
  name = "profiles"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "profiles" {
  function_name = "profiles"
  role          = aws_iam_role.fn.arn
  handler       = "lambda.handler"
  runtime       = "nodejs20.x"
  filename      = "profiles.zip"
}

resource "aws_lambda_function_url" "profiles" {
  function_name      = aws_lambda_function.profiles.function_name
  authorization_type = "NONE"
}
