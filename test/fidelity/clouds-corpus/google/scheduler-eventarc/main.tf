resource "google_pubsub_topic" "ticks" { name = "ticks" }
resource "google_pubsub_topic_iam_policy" "ticks" {
  topic       = google_pubsub_topic.ticks.name
  policy_data = jsonencode({ bindings = [] })
}
resource "google_cloud_scheduler_job" "job" {
  name     = "test-job"
  schedule = "*/2 * * * *"
  pubsub_target {
    topic_name = google_pubsub_topic.ticks.id
    data       = base64encode("test")
  }
}
resource "google_cloudfunctions2_function" "tick" {
  name     = "tick"
  location = "us-central1"
  build_config {
    runtime     = "go121"
    entry_point = "Tick"
  }
  event_trigger {
    trigger_region = "us-central1"
    event_type     = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic   = google_pubsub_topic.ticks.id
    retry_policy   = "RETRY_POLICY_RETRY"
  }
}
resource "google_cloudfunctions2_function" "audit" {
  name     = "audit"
  location = "us-central1"
  build_config {
    runtime     = "java17"
    entry_point = "com.acme.Audit"
  }
  event_trigger {
    event_type = "google.cloud.audit.log.v1.written"
    event_filters {
      attribute = "serviceName"
      value     = "storage.googleapis.com"
    }
  }
}
resource "google_cloud_scheduler_job" "http" {
  name     = "http-job"
  schedule = "0 * * * *"
  http_target {
    uri         = google_cloudfunctions2_function.audit.url
    http_method = "POST"
    oidc_token { service_account_email = "sched@acme.iam.gserviceaccount.com" }
  }
}
resource "google_pubsub_subscription" "push" {
  name  = "push"
  topic = google_pubsub_topic.ticks.name
  push_config { push_endpoint = google_cloudfunctions2_function.audit.url }
}
