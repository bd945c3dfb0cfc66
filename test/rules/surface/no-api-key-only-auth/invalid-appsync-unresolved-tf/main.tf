variable "graph_auth" {
  type        = string
  description = "API_KEY for the public demo, AMAZON_COGNITO_USER_POOLS otherwise"
}

resource "aws_lambda_function" "resolver" {
  function_name = "resolver"
  role          = "arn:aws:iam::123456789012:role/resolver"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "resolver.zip"
}

resource "aws_appsync_graphql_api" "graph" {
  name                = "graph"
  # expect: surface/no-api-key-only-auth
  authentication_type = var.graph_auth
}

resource "aws_appsync_datasource" "backend" {
  api_id           = aws_appsync_graphql_api.graph.id
  name             = "backend"
  type             = "AWS_LAMBDA"
  service_role_arn = "arn:aws:iam::123456789012:role/appsync"
  lambda_config {
    function_arn = aws_lambda_function.resolver.arn
  }
}

resource "aws_appsync_resolver" "order" {
  api_id      = aws_appsync_graphql_api.graph.id
  type        = "Mutation"
  field       = "placeOrder"
  data_source = aws_appsync_datasource.backend.name
}
