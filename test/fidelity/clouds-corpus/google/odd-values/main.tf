resource "google_cloudfunctions2_function" "odd" {
  name     = 42
  location = "us-central1"
  build_config = "not a block"
  service_config {
    available_memory = "lots"
    timeout_seconds  = "soon"
    environment_variables = "nope"
    max_instance_count = -1
  }
  event_trigger {
    event_type = ["google.cloud.pubsub.topic.v1.messagePublished"]
    pubsub_topic = 7
  }
}
resource "google_cloudfunctions_function" "empty" {}
resource "google_cloud_run_v2_service" "empty" {
  template {}
}
resource "google_cloud_run_service_iam_member" "nothing" {
  service = "not-in-this-configuration"
  role    = "roles/run.invoker"
  member  = "allUsers"
}
resource "google_pubsub_topic_iam_member" "dangling" {
  topic  = "elsewhere"
  role   = "roles/pubsub.publisher"
  member = "allUsers"
}
resource "google_project_iam_binding" "weird" {
  project = "p"
  role    = null
  members = null
}
resource "google_service_account_iam_policy" "sa" {
  service_account_id = "projects/p/serviceAccounts/none@p.iam.gserviceaccount.com"
  policy_data        = "{}"
}
