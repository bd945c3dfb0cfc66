resource "aws_lambda_function" "items" {
  function_name = "items"
  role          = "arn:aws:iam::123456789012:role/items"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  s3_bucket     = "artifacts"
  s3_key        = "items.zip"
}

resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "items"
}

resource "aws_api_gateway_method" "get_items" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.items.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "get_items" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.items.id
  http_method             = aws_api_gateway_method.get_items.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.items.invoke_arn
}

resource "aws_api_gateway_resource" "legacy" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "legacy"
}

resource "aws_api_gateway_method" "get_legacy" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.legacy.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "get_legacy" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.legacy.id
  http_method             = aws_api_gateway_method.get_legacy.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "https://legacy.example.com/items"
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/api-gateway/shop"
  retention_in_days = 365
}

resource "aws_api_gateway_client_certificate" "shop" {
  description = "shop backend"
}

resource "aws_lambda_permission" "api" {
  function_name = aws_lambda_function.items.function_name
  action        = "lambda:InvokeFunction"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.shop.execution_arn}/*"
}

resource "aws_api_gateway_deployment" "shop" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.shop.id
  stage_name            = "prod"
  xray_tracing_enabled  = true
  client_certificate_id = aws_api_gateway_client_certificate.shop.id
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    logging_level = "ERROR"
  }
}

resource "aws_wafv2_web_acl" "acl" {
  name  = "shop"
  scope = "REGIONAL"
}

resource "aws_wafv2_web_acl_association" "prod" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = aws_wafv2_web_acl.acl.arn
}

resource "aws_wafv2_web_acl_association" "graph" {
  resource_arn = aws_appsync_graphql_api.graph.arn
  web_acl_arn  = aws_wafv2_web_acl.acl.arn
}

resource "aws_apigatewayv2_api" "http" {
  name          = "shop-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "items" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.items.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "items" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /items"
  target    = "integrations/${aws_apigatewayv2_integration.items.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }
}

resource "aws_iam_role" "graph_logs" {
  name = "graph-logs"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "appsync.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_appsync_graphql_api" "graph" {
  name                = "shop-graph"
  authentication_type = "API_KEY"
  log_config {
    cloudwatch_logs_role_arn = aws_iam_role.graph_logs.arn
    field_log_level          = "ERROR"
  }
}
