# The same bucket, written with a fixed body (only the key comes from the request): the object the
# importer reads back is not the client's data, so it stays quiet.
resource "aws_iam_role" "fn" {
  name = "docs"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_s3_bucket" "inbox" {
  bucket = "docs-inbox"
}

resource "aws_lambda_function" "upload" {
  function_name = "upload"
  role          = aws_iam_role.fn.arn
  handler       = "upload.handler"
  runtime       = "python3.12"
  filename      = "docs.zip"
  environment {
    variables = { BUCKET = aws_s3_bucket.inbox.bucket }
  }
}

resource "aws_lambda_function_url" "upload" {
  function_name      = aws_lambda_function.upload.function_name
  authorization_type = "NONE"
}

resource "aws_lambda_function" "importer" {
  function_name = "importer"
  role          = aws_iam_role.fn.arn
  handler       = "importer.handler"
  runtime       = "python3.12"
  filename      = "docs.zip"
}

resource "aws_lambda_permission" "s3" {
  statement_id  = "s3"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.importer.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.inbox.arn
}

resource "aws_s3_bucket_notification" "inbox" {
  bucket = aws_s3_bucket.inbox.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.importer.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
