# An override file: its statement block replaces every statement of the original document.
data "aws_iam_policy_document" "ingest" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::ingest-uploads/*"]
  }
}
