resource "aws_sfn_state_machine" "workflow" {
  name       = "workflow"
  role_arn   = "arn:aws:iam::123456789012:role/workflow"
  definition = jsonencode({ StartAt = "Done", States = { Done = { Type = "Succeed" } } })
  tracing_configuration {
    enabled = true
  }
}
