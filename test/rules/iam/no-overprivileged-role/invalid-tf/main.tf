# Names with a variable that has no value: the attachments are still linked by address.
variable "suffix" {}

resource "aws_iam_user" "deployer" {
  name = "deployer-${var.suffix}"
}

resource "aws_iam_access_key" "deployer" {
  user = aws_iam_user.deployer.name
}

resource "aws_iam_policy" "manager" {
  name = "lambda-manager-${var.suffix}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # expect: iam/no-overprivileged-role
      {
        Effect   = "Allow"
        Action   = ["lambda:*", "iam:PassRole"]
        Resource = "*"
      }
    ]
  })
}

resource "aws_iam_user_policy_attachment" "deployer" {
  user       = aws_iam_user.deployer.name
  policy_arn = aws_iam_policy.manager.arn
}

resource "aws_iam_group" "admins" {
  name = "admins-${var.suffix}"
}

resource "aws_iam_group_policy" "admins" {
  group = aws_iam_group.admins.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # expect: iam/no-overprivileged-role
      { Effect = "Allow", Action = "*", Resource = "*" }
    ]
  })
}

resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_group_membership" "ops" {
  user   = aws_iam_user.ops.name
  groups = [aws_iam_group.admins.name]
}

resource "aws_iam_policy" "unattached" {
  name = "wildcard"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # expect: iam/no-overprivileged-role
      { Effect = "Allow", Action = "*", Resource = "*" }
    ]
  })
}
