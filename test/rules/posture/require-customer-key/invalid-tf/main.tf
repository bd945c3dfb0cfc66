# expect: posture/require-customer-key
resource "aws_secretsmanager_secret" "token" {
  name = "token"
}

# expect: posture/require-customer-key
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/logs"
  retention_in_days = 30
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  # expect: posture/require-customer-key
  server_side_encryption {
    enabled = true
  }
}

# expect: posture/require-customer-key
resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

# expect: posture/require-customer-key
resource "aws_scheduler_schedule" "nightly" {
  name                = "nightly"
  schedule_expression = "rate(1 day)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = "arn:aws:sqs:us-east-1:123456789012:jobs"
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
  }
}
