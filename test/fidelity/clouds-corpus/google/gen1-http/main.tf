variable "project" { default = "acme-dev" }
resource "google_storage_bucket" "src" {
  name = "${var.project}-fn-src"
  location = "US"
  uniform_bucket_level_access = true
}
resource "google_storage_bucket_object" "zip" {
  name   = "index.zip"
  bucket = google_storage_bucket.src.name
  source = "./index.zip"
}
resource "google_cloudfunctions_function" "function" {
  name                  = "function-test"
  description           = "My function"
  runtime               = "nodejs16"
  available_memory_mb   = 128
  source_archive_bucket = google_storage_bucket.src.name
  source_archive_object = google_storage_bucket_object.zip.name
  trigger_http          = true
  entry_point           = "helloGET"
  https_trigger_security_level = "SECURE_ALWAYS"
}
resource "google_cloudfunctions_function_iam_member" "invoker" {
  project        = google_cloudfunctions_function.function.project
  region         = google_cloudfunctions_function.function.region
  cloud_function = google_cloudfunctions_function.function.name
  role   = "roles/cloudfunctions.invoker"
  member = "allUsers"
}
resource "google_cloudfunctions_function" "bg" {
  name        = "on-topic"
  runtime     = "python39"
  entry_point = "hello_pubsub"
  max_instances = 0
  event_trigger {
    event_type = "google.pubsub.topic.publish"
    resource   = "projects/${var.project}/topics/external"
  }
}
