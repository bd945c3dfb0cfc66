# Orders app on AWS (twin of ../google/main.tf and ../azure/main.tf): one public HTTP function, one
# fed by a topic anyone can publish to, one whose role is an administrator, one with a secret in
# its settings, one clean.
data "archive_file" "src" {
  type        = "zip"
  source_dir  = "${path.module}/src"
  output_path = "${path.module}/build/src.zip"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fn" {
  name                = "orders-fn"
  assume_role_policy  = data.aws_iam_policy_document.assume.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
}

resource "aws_iam_role" "admin" {
  name                = "orders-admin"
  assume_role_policy  = data.aws_iam_policy_document.assume.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

# 1. public HTTP function
resource "aws_lambda_function" "lookup" {
  function_name                  = "lookup"
  role                           = aws_iam_role.fn.arn
  handler                        = "index.lookup"
  runtime                        = "nodejs20.x"
  memory_size                    = 256
  timeout                        = 30
  reserved_concurrent_executions = 50
  filename                       = data.archive_file.src.output_path
}

resource "aws_lambda_function_url" "lookup" {
  function_name      = aws_lambda_function.lookup.function_name
  authorization_type = "NONE"
}

# 2. triggered by a topic anyone can publish to
resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_sns_topic_policy" "orders" {
  arn = aws_sns_topic.orders.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "sns:Publish", Resource = aws_sns_topic.orders.arn }]
  })
}

resource "aws_lambda_function" "ingest" {
  function_name                  = "ingest"
  role                           = aws_iam_role.fn.arn
  handler                        = "index.ingest"
  runtime                        = "nodejs20.x"
  memory_size                    = 256
  timeout                        = 30
  reserved_concurrent_executions = 50
  filename                       = data.archive_file.src.output_path
}

resource "aws_sns_topic_subscription" "ingest" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.ingest.arn
}

resource "aws_lambda_permission" "ingest" {
  function_name = aws_lambda_function.ingest.function_name
  action        = "lambda:InvokeFunction"
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.orders.arn
}

# 3. its role is an administrator
resource "aws_lambda_function" "admin" {
  function_name                  = "admin"
  role                           = aws_iam_role.admin.arn
  handler                        = "index.admin"
  runtime                        = "nodejs20.x"
  memory_size                    = 256
  timeout                        = 30
  reserved_concurrent_executions = 50
  filename                       = data.archive_file.src.output_path
}

resource "aws_lambda_function_url" "admin" {
  function_name      = aws_lambda_function.admin.function_name
  authorization_type = "AWS_IAM"
}

# 4. a secret in its settings
resource "aws_sns_topic" "internal" {
  name = "internal"
}

resource "aws_lambda_function" "notify" {
  function_name                  = "notify"
  role                           = aws_iam_role.fn.arn
  handler                        = "index.notify"
  runtime                        = "nodejs20.x"
  memory_size                    = 256
  timeout                        = 30
  reserved_concurrent_executions = 50
  filename                       = data.archive_file.src.output_path
  environment {
    variables = {
      STRIPE_SECRET_KEY = "sk_live_51HqLyjWDarjtT1zdp7dcXYZabc123"
    }
  }
}

resource "aws_sns_topic_subscription" "notify" {
  topic_arn = aws_sns_topic.internal.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.notify.arn
}

resource "aws_lambda_permission" "notify" {
  function_name = aws_lambda_function.notify.function_name
  action        = "lambda:InvokeFunction"
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.internal.arn
}

# 5. clean: HTTP, callers sign with IAM
resource "aws_lambda_function" "health" {
  function_name                  = "health"
  role                           = aws_iam_role.fn.arn
  handler                        = "index.health"
  runtime                        = "nodejs20.x"
  memory_size                    = 256
  timeout                        = 30
  reserved_concurrent_executions = 50
  filename                       = data.archive_file.src.output_path
}

resource "aws_lambda_function_url" "health" {
  function_name      = aws_lambda_function.health.function_name
  authorization_type = "AWS_IAM"
}
