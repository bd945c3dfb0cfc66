resource "aws_iam_role" "items" {
  name               = "items"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}

resource "aws_lambda_function" "items" {
  function_name = "items"
  role          = aws_iam_role.items.arn
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "items.zip"
}

resource "aws_lambda_function_url" "items" {
  function_name      = aws_lambda_function.items.function_name
  authorization_type = "NONE"
}

resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "CLOUDFRONT"
}

resource "aws_cloudfront_distribution" "app" {
  enabled    = true
  web_acl_id = aws_wafv2_web_acl.edge.arn
  origin {
    origin_id   = "items"
    domain_name = split("/", aws_lambda_function_url.items.function_url)[2]
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "items"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods         = ["GET", "HEAD"]
  }
  logging_config {
    bucket = "shop-logs.s3.amazonaws.com"
    prefix = "cdn/"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/shop"
    minimum_protocol_version = "TLSv1.2_2021"
    ssl_support_method       = "sni-only"
  }
}
