resource "aws_cognito_user_pool" "pool" {
  name = "users"
  schema {
    name                = "access"
    attribute_data_type = "String"
    mutable             = true
  }
}

resource "aws_cognito_user_pool_client" "client" {
  name             = "web"
  user_pool_id     = aws_cognito_user_pool.pool.id
  write_attributes = ["email", "given_name"]
}
