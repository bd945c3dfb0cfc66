resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "token" {
  name       = "token"
  kms_key_id = aws_kms_key.data.arn
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/app/logs"
  kms_key_id = aws_kms_key.data.arn
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}

resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_scheduler_schedule" "nightly" {
  name                = "nightly"
  schedule_expression = "rate(1 day)"
  kms_key_arn         = aws_kms_key.data.arn
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = "arn:aws:sqs:us-east-1:123456789012:jobs"
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
  }
}
