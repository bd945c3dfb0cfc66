data "archive_file" "src" {
  type        = "zip"
  source_dir  = "${path.module}/src"
  output_path = "${path.module}/build/src.zip"
}

# Orders app, written in Terraform (twin of ../sam/template.yaml).
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "orders" {
  name               = "orders-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
  inline_policy {
    name = "orders"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "dynamodb:*", Resource = "*" }]
    })
  }
}

resource "aws_lambda_function" "orders" {
  function_name = "orders-fn"
  role          = aws_iam_role.orders.arn
  handler       = "orders.handler"
  runtime       = "nodejs20.x"
  memory_size   = 512
  timeout       = 10
  filename      = data.archive_file.src.output_path
}

resource "aws_apigatewayv2_api" "http" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_apigatewayv2_integration" "orders" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.orders.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "list_orders" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /orders"
  target    = "integrations/${aws_apigatewayv2_integration.orders.id}"
}

resource "aws_lambda_permission" "orders_api" {
  function_name = aws_lambda_function.orders.function_name
  action        = "lambda:InvokeFunction"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/GET/orders"
}

resource "aws_iam_role" "webhook" {
  name               = "webhook-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
  inline_policy {
    name = "webhook"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:123456789012:orders-queue" }]
    })
  }
}

resource "aws_lambda_function" "webhook" {
  function_name = "webhook-fn"
  role          = aws_iam_role.webhook.arn
  handler       = "webhook.handler"
  runtime       = "nodejs20.x"
  memory_size   = 1024
  timeout       = 30
  filename      = data.archive_file.src.output_path
  environment {
    variables = {
      QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-queue"
    }
  }
}

resource "aws_lambda_function_url" "webhook" {
  function_name      = aws_lambda_function.webhook.function_name
  authorization_type = "NONE"
}

resource "aws_iam_role" "worker" {
  name               = "worker-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  # What SAM attaches for an SQS event.
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"]
  inline_policy {
    name = "worker"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource = aws_sqs_queue.orders.arn }]
    })
  }
}

resource "aws_lambda_function" "worker" {
  function_name                  = "worker-fn"
  role                           = aws_iam_role.worker.arn
  handler                        = "worker.handler"
  runtime                        = "nodejs20.x"
  memory_size                    = 256
  timeout                        = 20
  reserved_concurrent_executions = 5
  filename                       = data.archive_file.src.output_path
}

resource "aws_sqs_queue" "orders" {
  name                       = "orders-queue"
  visibility_timeout_seconds = 120
}

resource "aws_lambda_event_source_mapping" "worker" {
  event_source_arn = aws_sqs_queue.orders.arn
  function_name    = aws_lambda_function.worker.arn
}

resource "aws_iam_role" "report" {
  name               = "report-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy_attachment" "report_logs" {
  role       = aws_iam_role.report.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy_attachment" "report_admin" {
  role       = aws_iam_role.report.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_lambda_function" "report" {
  function_name = "report-fn"
  role          = aws_iam_role.report.arn
  handler       = "report.handler"
  runtime       = "nodejs20.x"
  memory_size   = 128
  timeout       = 60
  filename      = data.archive_file.src.output_path
  environment {
    variables = {
      DB_PASSWORD = "Xk9#mQ2$vL7pR4@wZ8tB"
    }
  }
}

resource "aws_lambda_permission" "report_anyone" {
  function_name = aws_lambda_function.report.function_name
  action        = "lambda:InvokeFunction"
  principal     = "*"
}

resource "aws_iam_role" "inventory" {
  name                = "inventory-role"
  assume_role_policy  = data.aws_iam_policy_document.assume.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
}

resource "aws_lambda_function" "inventory" {
  function_name = "inventory-fn"
  role          = aws_iam_role.inventory.arn
  handler       = "shop.Inventory::handleRequest"
  runtime       = "java21"
  memory_size   = 512
  timeout       = 15
  filename      = "${path.module}/inventory/target/inventory-1.0.jar"
}

resource "aws_lambda_function_url" "inventory" {
  function_name      = aws_lambda_function.inventory.function_name
  authorization_type = "NONE"
}

resource "aws_iam_role" "pricing" {
  name                = "pricing-role"
  assume_role_policy  = data.aws_iam_policy_document.assume.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
}

resource "aws_lambda_function" "pricing" {
  function_name = "pricing-fn"
  role          = aws_iam_role.pricing.arn
  handler       = "bootstrap"
  runtime       = "provided.al2023"
  memory_size   = 128
  timeout       = 5
  filename      = "${path.module}/build/pricing.zip"
}

resource "aws_lambda_function_url" "pricing" {
  function_name      = aws_lambda_function.pricing.function_name
  authorization_type = "NONE"
}
