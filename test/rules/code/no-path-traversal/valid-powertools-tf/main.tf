# The same Powertools app, keeping only the last part of the name the client sends: quiet.
resource "aws_iam_role" "fn" {
  name = "docs"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "docs" {
  function_name = "docs"
  role          = aws_iam_role.fn.arn
  handler       = "handler.lambda_handler"
  runtime       = "python3.12"
  filename      = "docs.zip"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "docs"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "docs" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.docs.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.docs.id}"
}

resource "aws_lambda_permission" "api" {
  statement_id  = "api"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.docs.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*"
}
