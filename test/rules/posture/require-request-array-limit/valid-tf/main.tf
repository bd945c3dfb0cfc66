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

resource "aws_api_gateway_request_validator" "body" {
  name                  = "body"
  rest_api_id           = aws_api_gateway_rest_api.shop.id
  validate_request_body = true
}

resource "aws_api_gateway_model" "order" {
  rest_api_id  = aws_api_gateway_rest_api.shop.id
  name         = "Order"
  content_type = "application/json"
  schema = jsonencode({
    type = "object"
    properties = {
      lines = { type = "array", maxItems = 100, items = { type = "string" } }
    }
  })
}

resource "aws_api_gateway_method" "post_orders" {
  rest_api_id          = aws_api_gateway_rest_api.shop.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "POST"
  authorization        = "NONE"
  request_models       = { "application/json" = aws_api_gateway_model.order.name }
  request_validator_id = aws_api_gateway_request_validator.body.id
}

resource "aws_api_gateway_integration" "post_orders" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = aws_api_gateway_method.post_orders.http_method
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

resource "aws_api_gateway_rest_api" "catalog" {
  name = "catalog"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "catalog", version = "1" }
    "x-amazon-apigateway-request-validators" = {
      all = { validateRequestBody = true, validateRequestParameters = true }
    }
    "x-amazon-apigateway-request-validator" = "all"
    paths = {
      "/products" = {
        post = {
          requestBody = {
            content = {
              "application/json" = {
                schema = { type = "array", maxItems = 100, items = { type = "string" } }
              }
            }
          }
          "x-amazon-apigateway-integration" = {
            type       = "aws_proxy"
            httpMethod = "POST"
            uri        = aws_lambda_function.orders.invoke_arn
          }
        }
      }
    }
  })
}
