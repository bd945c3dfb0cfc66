resource "aws_ecr_repository" "images" {
  name = "shop-images"
}

resource "aws_ecr_repository_policy" "images" {
  repository = aws_ecr_repository.images.name
  policy = jsonencode({
    Version = "2012-10-17"
    # expect: surface/no-public-image-repository
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
    }]
  })
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = "arn:aws:iam::123456789012:role/orders"
  package_type  = "Image"
  image_uri     = "${aws_ecr_repository.images.repository_url}:latest"
}
