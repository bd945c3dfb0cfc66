# A 2nd gen HTTP function made public only when a variable says so (count = var ? 1 : 0), with the
# invoker granted both on the function and on its Cloud Run service, and a service account with
# project roles (shapes common in public modules; written for nightlight).
variable "project_id" {
  type = string
}

variable "public" {
  type = bool
}

variable "region" {
  type    = string
  default = "europe-west1"
}

resource "google_service_account" "runtime" {
  account_id   = "api-runtime"
  display_name = "API runtime"
}

resource "google_project_iam_member" "runtime_roles" {
  for_each = toset(["roles/datastore.user", "roles/logging.logWriter", "roles/storage.objectViewer"])
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.runtime.email}"
}

resource "google_storage_bucket" "src" {
  name                        = "${var.project_id}-api-src"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_storage_bucket_object" "src" {
  name   = "api.zip"
  bucket = google_storage_bucket.src.name
  source = "./dist/api.zip"
}

resource "google_cloudfunctions2_function" "api" {
  name     = "api"
  location = var.region
  build_config {
    runtime     = "python312"
    entry_point = "handle"
    source {
      storage_source {
        bucket = google_storage_bucket.src.name
        object = google_storage_bucket_object.src.name
      }
    }
  }
  service_config {
    max_instance_count    = 5
    available_memory      = "512M"
    timeout_seconds       = 120
    ingress_settings      = "ALLOW_ALL"
    service_account_email = google_service_account.runtime.email
    environment_variables = {
      PROJECT = var.project_id
    }
  }
}

resource "google_cloudfunctions2_function_iam_member" "public" {
  count          = var.public ? 1 : 0
  project        = var.project_id
  location       = google_cloudfunctions2_function.api.location
  cloud_function = google_cloudfunctions2_function.api.name
  role           = "roles/cloudfunctions.invoker"
  member         = "allUsers"
}

resource "google_cloud_run_service_iam_member" "public" {
  count    = var.public ? 1 : 0
  project  = var.project_id
  location = google_cloudfunctions2_function.api.location
  service  = google_cloudfunctions2_function.api.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}
