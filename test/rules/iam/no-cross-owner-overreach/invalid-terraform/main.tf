data "archive_file" "zip" {
  type        = "zip"
  source_file = "${path.module}/src/index.js"
  output_path = "${path.module}/build/fn.zip"
}
resource "aws_dynamodb_table" "invoices" {
  name         = "invoices"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  tags = {
    team = "billing"
  }
}
resource "aws_iam_role" "report" {
  name               = "report"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "report" {
  role = aws_iam_role.report.id
  policy = jsonencode({
    Version = "2012-10-17"
    # expect: iam/no-cross-owner-overreach
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
      Resource = aws_dynamodb_table.invoices.arn
    }]
  })
}
resource "aws_lambda_function" "report" {
  function_name = "report"
  filename      = data.archive_file.zip.output_path
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  role          = aws_iam_role.report.arn
  tags = {
    team = "orders"
  }
}
