resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = <<EOT
#!/bin/bash
# expect: code/no-secrets-in-config
export DB_PASSWORD=letmein42
EOT
}

resource "aws_db_instance" "db" {
  engine   = "postgres"
  username = "app"
  # expect: code/no-secrets-in-config
  password = "hunter22"
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_lambda_function" "deployer" {
  function_name = "deployer"
  role          = "arn:aws:iam::123456789012:role/deployer"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  s3_bucket     = "artifacts"
  s3_key        = "deployer.zip"
  environment {
    variables = {
      # expect: code/no-secrets-in-config
      CI_SECRET = aws_iam_access_key.ci.secret
    }
  }
}
