# The hardened twin: the listener signs users in (Cognito) before its default action forwards, and
# the /admin/* rule signs them in with OIDC, denying unauthenticated requests.
resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/report"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "report.zip"
  memory_size   = 3008
  timeout       = 900
}

resource "aws_lb" "front" {
  name    = "front"
  subnets = ["subnet-1", "subnet-2"]
}

resource "aws_lb_target_group" "report" {
  name        = "report"
  target_type = "lambda"
}

resource "aws_lb_target_group_attachment" "report" {
  target_group_arn = aws_lb_target_group.report.arn
  target_id        = aws_lambda_function.report.arn
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.front.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/abc"

  default_action {
    type  = "authenticate-cognito"
    order = 1
    authenticate_cognito {
      user_pool_arn              = aws_cognito_user_pool.users.arn
      user_pool_client_id        = aws_cognito_user_pool_client.client.id
      user_pool_domain           = "reports-login"
      on_unauthenticated_request = "authenticate"
    }
  }

  default_action {
    type  = "forward"
    order = 2
    forward {
      target_group {
        arn = aws_lb_target_group.report.arn
      }
    }
  }
}

resource "aws_lb_listener_rule" "admin" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  condition {
    path_pattern {
      values = ["/admin/*"]
    }
  }

  action {
    type = "authenticate-oidc"
    authenticate_oidc {
      issuer                     = "https://login.example.com"
      client_id                  = "reports"
      client_secret              = "not-a-secret"
      authorization_endpoint     = "https://login.example.com/authorize"
      token_endpoint             = "https://login.example.com/token"
      user_info_endpoint         = "https://login.example.com/userinfo"
      on_unauthenticated_request = "deny"
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.report.arn
  }
}

resource "aws_cognito_user_pool" "users" {
  name = "report-users"
  admin_create_user_config {
    allow_admin_create_user_only = true
  }
}

resource "aws_cognito_user_pool_client" "client" {
  name            = "reports"
  user_pool_id    = aws_cognito_user_pool.users.id
  generate_secret = true
}
