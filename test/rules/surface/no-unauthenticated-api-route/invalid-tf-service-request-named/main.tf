# Terraform: a REST method puts records in the stream the path names; its role may only put them in
# `events` (`${arn}*`), so the route is a way into `consumer`, which the stream's mapping runs.
resource "aws_kinesis_stream" "events" {
  name        = "events"
  shard_count = 2
}

resource "aws_iam_role" "api" {
  name = "api-kinesis"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "apigateway.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "api" {
  role = aws_iam_role.api.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kinesis:PutRecord"], Resource = "${aws_kinesis_stream.events.arn}*" }]
  })
}

resource "aws_lambda_function" "consumer" {
  function_name = "consumer"
  role          = aws_iam_role.consumer.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "consumer.zip"
}

resource "aws_iam_role" "consumer" {
  name = "consumer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "consumer" {
  role = aws_iam_role.consumer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream"], Resource = aws_kinesis_stream.events.arn },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = "arn:aws:s3:::archive/*" },
    ]
  })
}

resource "aws_lambda_event_source_mapping" "events" {
  event_source_arn  = aws_kinesis_stream.events.arn
  function_name     = aws_lambda_function.consumer.arn
  starting_position = "LATEST"
}

resource "aws_api_gateway_rest_api" "rest" {
  name = "ingest"
}

resource "aws_api_gateway_resource" "stream" {
  rest_api_id = aws_api_gateway_rest_api.rest.id
  parent_id   = aws_api_gateway_rest_api.rest.root_resource_id
  path_part   = "{stream}"
}

resource "aws_api_gateway_method" "put" {
  rest_api_id = aws_api_gateway_rest_api.rest.id
  resource_id = aws_api_gateway_resource.stream.id
  http_method = "PUT"
  # expect: surface/no-unauthenticated-api-route
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "put" {
  rest_api_id             = aws_api_gateway_rest_api.rest.id
  resource_id             = aws_api_gateway_resource.stream.id
  http_method             = aws_api_gateway_method.put.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  credentials             = aws_iam_role.api.arn
  uri                     = "arn:aws:apigateway:us-east-1:kinesis:action/PutRecord"
  request_templates = {
    "application/json" = "{\"StreamName\": \"$input.params('stream')\", \"Data\": \"$util.base64Encode($input.body)\", \"PartitionKey\": \"k\"}"
  }
}
