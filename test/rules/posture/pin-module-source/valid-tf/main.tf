module "thumbnails" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "7.2.1"
  name    = "thumbnails"
}

module "network" {
  source = "git::https://github.com/acme/terraform-network.git?ref=4c1e5b9a0d3f2e7b6a8c9d0e1f2a3b4c5d6e7f80"
}

module "api" {
  source = "./modules/fn"
  name   = "items"
}
