resource "aws_lambda_function" "resolver" {
  function_name                  = "resolver"
  role                           = "arn:aws:iam::123456789012:role/resolver"
  handler                        = "index.handler"
  runtime                        = "nodejs22.x"
  filename                       = "resolver.zip"
  memory_size                    = 128
  timeout                        = 1
  reserved_concurrent_executions = 80
}

resource "aws_appsync_graphql_api" "graph" {
  name                = "graph"
  authentication_type = "API_KEY"
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
  type        = "Query"
  field       = "order"
  data_source = aws_appsync_datasource.backend.name
}
