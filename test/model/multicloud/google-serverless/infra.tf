# What the Serverless service of serverless.yml uses: its topics and service accounts.
resource "google_service_account" "fn" {
  account_id = "orders-fn"
}

resource "google_service_account" "admin" {
  account_id = "orders-admin"
}

resource "google_project_iam_member" "admin_owner" {
  project = "orders-prod"
  role    = "roles/owner"
  member  = "serviceAccount:${google_service_account.admin.email}"
}

resource "google_project_iam_member" "fn_logs" {
  project = "orders-prod"
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.fn.email}"
}

resource "google_pubsub_topic" "orders" {
  name = "orders"
}

resource "google_pubsub_topic_iam_member" "orders_public" {
  topic  = google_pubsub_topic.orders.name
  role   = "roles/pubsub.publisher"
  member = "allUsers"
}

resource "google_pubsub_topic" "internal" {
  name = "internal"
}
