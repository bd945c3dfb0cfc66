variable "suffix" {}

resource "aws_cognito_user_pool" "pool" {
  name = "users-${var.suffix}"
  schema {
    name                = "access"
    attribute_data_type = "String"
    mutable             = true
  }
}

resource "aws_cognito_user_pool_client" "client" {
  name         = "web"
  user_pool_id = aws_cognito_user_pool.pool.id
  # expect: surface/no-user-writable-custom-attribute
  write_attributes = ["email", "custom:access"]
}
