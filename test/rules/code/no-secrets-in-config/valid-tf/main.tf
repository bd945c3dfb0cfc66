variable "db_password" {
  sensitive = true
}

resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = <<EOT
#!/bin/bash
export DB_PASSWORD_PARAM=/app/db/password
EOT
}

resource "aws_db_instance" "db" {
  engine   = "postgres"
  username = "app"
  password = var.db_password
}
