# A registry module terraform init downloaded (.terraform/modules): it defines a function and its role.
module "thumbnails" {
  # expect: posture/pin-module-source
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"
  name    = "thumbnails"
}

# Not downloaded: what it defines is not known.
module "queue" {
  # expect: posture/pin-module-source
  source = "terraform-aws-modules/sqs/aws"
}

# A Git tag can be moved.
module "network" {
  # expect: posture/pin-module-source
  source = "git::https://github.com/acme/terraform-network.git?ref=v1.2.0"
}

# A local folder is part of the configuration; the Git module it calls is not pinned.
module "api" {
  source = "./modules/fn"
  name   = "items"
}
