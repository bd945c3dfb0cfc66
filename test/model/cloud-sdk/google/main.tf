# Least privilege on Google Cloud: two functions whose code reads an object of one bucket, publishes
# to one topic and reads one secret (Node and Python). `wide` runs as a service account with
# project-wide admin roles; `tight` (the safe twin) with exactly the roles its calls need, each on
# the one resource it uses.
data "archive_file" "node" {
  type        = "zip"
  source_dir  = "${path.module}/node"
  output_path = "${path.module}/build/node.zip"
}

data "archive_file" "py" {
  type        = "zip"
  source_dir  = "${path.module}/py"
  output_path = "${path.module}/build/py.zip"
}

resource "google_storage_bucket" "code" {
  name     = "reports-code"
  location = "US"
}

resource "google_storage_bucket_object" "node" {
  name   = "node.zip"
  bucket = google_storage_bucket.code.name
  source = data.archive_file.node.output_path
}

resource "google_storage_bucket_object" "py" {
  name   = "py.zip"
  bucket = google_storage_bucket.code.name
  source = data.archive_file.py.output_path
}

resource "google_storage_bucket" "uploads" {
  name     = "reports-uploads"
  location = "US"
}

resource "google_pubsub_topic" "events" {
  name = "report-events"
}

resource "google_secret_manager_secret" "api_key" {
  secret_id = "reports-api-key"
  replication {
    auto {}
  }
}

resource "google_service_account" "wide" {
  account_id = "reports-wide"
}

resource "google_service_account" "tight" {
  account_id = "reports-tight"
}

# wide: admin of storage, Pub/Sub and secrets on the whole project
resource "google_project_iam_member" "wide_storage" {
  project = "reports-prod"
  role    = "roles/storage.admin"
  member  = "serviceAccount:${google_service_account.wide.email}"
}

resource "google_project_iam_member" "wide_pubsub" {
  project = "reports-prod"
  role    = "roles/pubsub.editor"
  member  = "serviceAccount:${google_service_account.wide.email}"
}

resource "google_project_iam_member" "wide_secrets" {
  project = "reports-prod"
  role    = "roles/secretmanager.admin"
  member  = "serviceAccount:${google_service_account.wide.email}"
}

# tight: each role on the one resource it is used on
resource "google_storage_bucket_iam_member" "tight_read" {
  bucket = google_storage_bucket.uploads.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.tight.email}"
}

resource "google_pubsub_topic_iam_member" "tight_publish" {
  topic  = google_pubsub_topic.events.name
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${google_service_account.tight.email}"
}

resource "google_secret_manager_secret_iam_member" "tight_secret" {
  secret_id = google_secret_manager_secret.api_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.tight.email}"
}

resource "google_cloudfunctions2_function" "wide" {
  name     = "wide"
  location = "us-central1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "report"
    source {
      storage_source {
        bucket = google_storage_bucket.code.name
        object = google_storage_bucket_object.node.name
      }
    }
  }
  service_config {
    service_account_email = google_service_account.wide.email
    environment_variables = {
      BUCKET = google_storage_bucket.uploads.name
      TOPIC  = google_pubsub_topic.events.name
    }
  }
}

resource "google_cloudfunctions2_function" "tight" {
  name     = "tight"
  location = "us-central1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "report"
    source {
      storage_source {
        bucket = google_storage_bucket.code.name
        object = google_storage_bucket_object.node.name
      }
    }
  }
  service_config {
    service_account_email = google_service_account.tight.email
    environment_variables = {
      BUCKET = google_storage_bucket.uploads.name
      TOPIC  = google_pubsub_topic.events.name
    }
  }
}

resource "google_cloudfunctions2_function" "wide_py" {
  name     = "wide-py"
  location = "us-central1"
  build_config {
    runtime     = "python312"
    entry_point = "report"
    source {
      storage_source {
        bucket = google_storage_bucket.code.name
        object = google_storage_bucket_object.py.name
      }
    }
  }
  service_config {
    service_account_email = google_service_account.wide.email
    environment_variables = {
      BUCKET = google_storage_bucket.uploads.name
      TOPIC  = google_pubsub_topic.events.name
    }
  }
}

resource "google_cloudfunctions2_function" "tight_py" {
  name     = "tight-py"
  location = "us-central1"
  build_config {
    runtime     = "python312"
    entry_point = "report"
    source {
      storage_source {
        bucket = google_storage_bucket.code.name
        object = google_storage_bucket_object.py.name
      }
    }
  }
  service_config {
    service_account_email = google_service_account.tight.email
    environment_variables = {
      BUCKET = google_storage_bucket.uploads.name
      TOPIC  = google_pubsub_topic.events.name
    }
  }
}
