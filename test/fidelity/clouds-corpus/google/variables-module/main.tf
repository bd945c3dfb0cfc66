variable "name" {}
variable "members" { type = list(string) }
variable "memory" {}
variable "sa" { default = null }
module "fn" {
  source  = "./modules/fn"
  name    = var.name
  memory  = var.memory
}
resource "google_cloudfunctions2_function_iam_binding" "binding" {
  cloud_function = module.fn.name
  role           = "roles/cloudfunctions.invoker"
  members        = var.members
}
