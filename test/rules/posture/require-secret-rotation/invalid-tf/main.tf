# expect: posture/require-secret-rotation
resource "aws_secretsmanager_secret" "token" {
  name = "token"
}
