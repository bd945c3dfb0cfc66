# expect: posture/require-bucket-versioning
resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_s3_bucket" "legacy" {
  bucket = "legacy"
  versioning {
    # expect: posture/require-bucket-versioning
    enabled = false
  }
}
