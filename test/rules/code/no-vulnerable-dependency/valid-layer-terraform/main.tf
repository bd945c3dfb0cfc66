data "archive_file" "deps" {
  type        = "zip"
  source_dir  = "${path.module}/layer"
  output_path = "${path.module}/build/layer.zip"
}

data "archive_file" "fn" {
  type        = "zip"
  source_dir  = "${path.module}/src"
  output_path = "${path.module}/build/fn.zip"
}

resource "aws_lambda_layer_version" "deps" {
  layer_name          = "python-deps"
  filename            = data.archive_file.deps.output_path
  compatible_runtimes = ["python3.12"]
}

resource "aws_iam_role" "fn" {
  name = "parser"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "parser" {
  function_name = "parser"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = data.archive_file.fn.output_path
  layers        = [aws_lambda_layer_version.deps.arn]
}

resource "aws_lambda_function_url" "parser" {
  function_name      = aws_lambda_function.parser.function_name
  authorization_type = "NONE"
}
