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
