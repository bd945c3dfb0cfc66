# Terraform: an HTTP API route with an SQS-SendMessage integration, and a REST method with an AWS
# integration to the same queue; the queue runs `worker`.
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "worker.zip"
}

resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "worker" {
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:PutObject"], Resource = "arn:aws:s3:::job-results/*" }]
  })
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
}

resource "aws_apigatewayv2_api" "http" {
  name          = "jobs"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "send" {
  api_id              = aws_apigatewayv2_api.http.id
  integration_type    = "AWS_PROXY"
  integration_subtype = "SQS-SendMessage"
  credentials_arn     = "arn:aws:iam::123456789012:role/api-sqs"
  request_parameters = {
    QueueUrl    = aws_sqs_queue.jobs.url
    MessageBody = "$request.body"
  }
}

resource "aws_apigatewayv2_route" "send" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "POST /jobs"
  target    = "integrations/${aws_apigatewayv2_integration.send.id}"
  # expect: surface/no-unauthenticated-api-route
  authorization_type = "NONE"
}

resource "aws_api_gateway_rest_api" "rest" {
  name = "jobs-rest"
}

resource "aws_api_gateway_resource" "jobs" {
  rest_api_id = aws_api_gateway_rest_api.rest.id
  parent_id   = aws_api_gateway_rest_api.rest.root_resource_id
  path_part   = "jobs"
}

resource "aws_api_gateway_method" "post" {
  rest_api_id = aws_api_gateway_rest_api.rest.id
  resource_id = aws_api_gateway_resource.jobs.id
  http_method = "POST"
  # expect: surface/no-unauthenticated-api-route
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "post" {
  rest_api_id             = aws_api_gateway_rest_api.rest.id
  resource_id             = aws_api_gateway_resource.jobs.id
  http_method             = aws_api_gateway_method.post.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  credentials             = "arn:aws:iam::123456789012:role/api-sqs"
  uri                     = "arn:aws:apigateway:us-east-1:sqs:path/123456789012/${aws_sqs_queue.jobs.name}"
}
