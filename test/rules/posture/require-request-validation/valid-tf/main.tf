resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = "arn:aws:iam::123456789012:role/orders"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  s3_bucket     = "artifacts"
  s3_key        = "orders.zip"
}

resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_request_validator" "params" {
  name                        = "body-and-params"
  rest_api_id                 = aws_api_gateway_rest_api.shop.id
  validate_request_body       = true
  validate_request_parameters = true
}

resource "aws_api_gateway_method" "post_orders" {
  rest_api_id          = aws_api_gateway_rest_api.shop.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "POST"
  authorization        = "NONE"
  request_models       = { "application/json" = "Order" }
  request_validator_id = aws_api_gateway_request_validator.params.id
}

resource "aws_api_gateway_integration" "post_orders" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = aws_api_gateway_method.post_orders.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.orders.invoke_arn
}

resource "aws_api_gateway_method" "get_orders" {
  rest_api_id        = aws_api_gateway_rest_api.shop.id
  resource_id        = aws_api_gateway_resource.orders.id
  http_method        = "GET"
  authorization      = "NONE"
  request_parameters = { "method.request.querystring.q" = true }
  request_validator_id = aws_api_gateway_request_validator.params.id
}

resource "aws_api_gateway_integration" "get_orders" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = aws_api_gateway_method.get_orders.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.orders.invoke_arn
}

resource "aws_api_gateway_method" "put_orders" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "PUT"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "put_orders" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = aws_api_gateway_method.put_orders.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.orders.invoke_arn
}

resource "aws_lambda_permission" "api" {
  function_name = aws_lambda_function.orders.function_name
  action        = "lambda:InvokeFunction"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.shop.execution_arn}/*"
}
