variable "suffix" {}

resource "aws_s3_bucket" "reports" {
  bucket = "reports-${var.suffix}"
}

resource "aws_iam_user" "reader" {
  name = "reader-${var.suffix}"
}

resource "aws_iam_policy" "read" {
  name = "read-reports-${var.suffix}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = "${aws_s3_bucket.reports.arn}/*" }
    ]
  })
}

resource "aws_iam_user_policy_attachment" "reader" {
  user       = aws_iam_user.reader.name
  policy_arn = aws_iam_policy.read.arn
}

resource "aws_iam_group" "auditors" {
  name = "auditors"
}

resource "aws_iam_group_policy" "auditors" {
  group = aws_iam_group.auditors.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["cloudtrail:LookupEvents", "cloudwatch:GetMetricData"], Resource = "*" }
    ]
  })
}
