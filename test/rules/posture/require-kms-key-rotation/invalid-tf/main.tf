# expect: posture/require-kms-key-rotation
resource "aws_kms_key" "data" {
  description = "orders table"
}

resource "aws_kms_key" "reports" {
  description = "reports bucket"
  # expect: posture/require-kms-key-rotation
  enable_key_rotation = false
}
