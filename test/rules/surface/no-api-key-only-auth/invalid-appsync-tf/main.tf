resource "aws_iam_role" "resolver" {
  name = "resolver"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "resolver" {
  role = aws_iam_role.resolver.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["dynamodb:GetItem", "dynamodb:PutItem"], Resource = "arn:aws:dynamodb:us-east-1:123456789012:table/orders" }]
  })
}

resource "aws_lambda_function" "resolver" {
  function_name = "resolver"
  role          = aws_iam_role.resolver.arn
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "resolver.zip"
}

resource "aws_appsync_graphql_api" "graph" {
  name                = "graph"
  authentication_type = "API_KEY"
}

resource "aws_appsync_api_key" "web" {
  api_id = aws_appsync_graphql_api.graph.id
}

# expect: surface/no-api-key-only-auth
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
