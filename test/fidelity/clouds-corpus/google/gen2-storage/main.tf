resource "google_service_account" "account" {
  account_id   = "gcf-sa"
  display_name = "Test Service Account - used for both the cloud function and eventarc trigger in the test"
}
resource "google_project_iam_member" "event-receiving" {
  project = "my-project-name"
  role    = "roles/eventarc.eventReceiver"
  member  = "serviceAccount:${google_service_account.account.email}"
}
resource "google_project_iam_member" "artifactregistry-reader" {
  project = "my-project-name"
  role     = "roles/artifactregistry.reader"
  member   = "serviceAccount:gcf-sa@my-project-name.iam.gserviceaccount.com"
}
resource "google_project_iam_member" "sa-user" {
  project = "my-project-name"
  role    = "roles/iam.serviceAccountUser"
  member  = "serviceAccount:${google_service_account.account.email}"
}
resource "google_storage_bucket" "trigger-bucket" {
  name     = "gcf-trigger-bucket"
  location = "us-central1"
}
resource "google_storage_bucket_iam_binding" "public-write" {
  bucket  = google_storage_bucket.trigger-bucket.name
  role    = "roles/storage.objectCreator"
  members = ["allUsers", "serviceAccount:${google_service_account.account.email}"]
}
resource "google_cloudfunctions2_function" "function" {
  name = "gcf-function"
  location = "us-central1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "entryPoint"
    environment_variables = { BUILD_CONFIG_TEST = "build_test" }
    source {
      storage_source {
        bucket = "gcf-source-bucket"
        object = "function-source.zip"
      }
    }
  }
  service_config {
    max_instance_count  = 3
    min_instance_count = 1
    available_memory    = "4Gi"
    timeout_seconds     = 60
    max_instance_request_concurrency = 80
    available_cpu = "4"
    environment_variables = {
      SERVICE_CONFIG_TEST = "config_test"
      DB_PASSWORD = "hunter2hunter2"
    }
    secret_environment_variables {
      key        = "API_KEY"
      project_id = "my-project-name"
      secret     = "api-key"
      version    = "latest"
    }
    ingress_settings = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email = google_service_account.account.email
  }
  event_trigger {
    event_type = "google.cloud.storage.object.v1.finalized"
    retry_policy = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.account.email
    event_filters {
      attribute = "bucket"
      value = google_storage_bucket.trigger-bucket.name
    }
  }
}
