resource "aws_lambda_code_signing_config" "app" {
  allowed_publishers {
    signing_profile_version_arns = ["arn:aws:signer:us-east-1:123456789012:/signing-profiles/app/abcdef"]
  }
}

resource "aws_lambda_function" "worker" {
  function_name           = "worker"
  role                    = "arn:aws:iam::123456789012:role/worker"
  handler                 = "app.handler"
  runtime                 = "python3.13"
  s3_bucket               = "artifacts"
  s3_key                  = "worker.zip"
  code_signing_config_arn = aws_lambda_code_signing_config.app.arn
}

resource "aws_lambda_function" "image" {
  function_name = "image"
  role          = "arn:aws:iam::123456789012:role/worker"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
}
