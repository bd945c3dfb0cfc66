variable "name" {}
variable "memory" {}
resource "google_cloudfunctions2_function" "this" {
  name     = var.name
  location = "us-central1"
  build_config {
    runtime     = "nodejs20"
    entry_point = var.name
  }
  service_config {
    available_memory   = var.memory
    max_instance_count = var.name == "x" ? 1 : null
  }
}
resource "google_cloudfunctions2_function_iam_member" "unknown" {
  cloud_function = google_cloudfunctions2_function.this.name
  role           = "roles/cloudfunctions.invoker"
  member         = "user:${var.name}@example.com"
}
output "name" { value = google_cloudfunctions2_function.this.name }
