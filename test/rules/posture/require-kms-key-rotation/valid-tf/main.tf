resource "aws_kms_key" "data" {
  description         = "orders table"
  enable_key_rotation = true
}

# An asymmetric signing key cannot rotate automatically.
resource "aws_kms_key" "signing" {
  description              = "token signing"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}
