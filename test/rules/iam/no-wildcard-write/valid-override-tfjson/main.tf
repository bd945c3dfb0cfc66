# The hardened twin: the main file grants a write on every bucket, and override.tf.json, an
# override file, narrows the statements to one bucket: the merged configuration is what counts.
resource "aws_lambda_function" "ingest" {
  function_name = "ingest"
  role          = aws_iam_role.ingest.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "ingest.zip"
}

resource "aws_iam_role" "ingest" {
  name = "ingest"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "ingest" {
  role   = aws_iam_role.ingest.id
  policy = data.aws_iam_policy_document.ingest.json
}

data "aws_iam_policy_document" "ingest" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}
