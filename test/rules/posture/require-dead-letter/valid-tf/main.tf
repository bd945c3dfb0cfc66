resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_sqs_queue" "failed" {
  name = "resize-failed"
}

resource "aws_lambda_function" "resize" {
  function_name = "resize"
  role          = "arn:aws:iam::123456789012:role/resize"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  s3_bucket     = "artifacts"
  s3_key        = "resize.zip"
  dead_letter_config {
    target_arn = aws_sqs_queue.failed.arn
  }
}

resource "aws_lambda_function" "notify" {
  function_name = "notify"
  role          = "arn:aws:iam::123456789012:role/notify"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  s3_bucket     = "artifacts"
  s3_key        = "notify.zip"
}

resource "aws_lambda_function_event_invoke_config" "notify" {
  function_name = aws_lambda_function.notify.function_name
  destination_config {
    on_failure {
      destination = aws_sqs_queue.failed.arn
    }
  }
}

resource "aws_lambda_permission" "s3" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.resize.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
}

resource "aws_lambda_permission" "sns" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.notify.function_name
  principal      = "sns.amazonaws.com"
  source_arn     = "arn:aws:sns:us-east-1:123456789012:alerts"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.resize.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
