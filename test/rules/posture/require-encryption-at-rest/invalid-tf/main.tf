# expect: posture/require-encryption-at-rest
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  # expect: posture/require-encryption-at-rest
  sqs_managed_sse_enabled = false
}

# expect: posture/require-encryption-at-rest
resource "aws_kinesis_stream" "clicks" {
  name        = "clicks"
  shard_count = 1
}

# expect: posture/require-encryption-at-rest
resource "aws_kinesis_firehose_delivery_stream" "clicks" {
  name        = "clicks"
  destination = "extended_s3"
  extended_s3_configuration {
    bucket_arn = "arn:aws:s3:::clicks"
    role_arn   = "arn:aws:iam::123456789012:role/firehose"
  }
}
