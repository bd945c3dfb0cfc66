# Orders app on Google Cloud (twin of ../aws/main.tf and ../azure/main.tf): one public HTTP
# function, one fed by a topic anyone can publish to, one whose service account owns the project,
# one with a secret in its settings, one clean.
data "archive_file" "src" {
  type        = "zip"
  source_dir  = "${path.module}/src"
  output_path = "${path.module}/build/src.zip"
}

resource "google_storage_bucket" "code" {
  name     = "orders-code"
  location = "US"
}

resource "google_storage_bucket_object" "src" {
  name   = "src.zip"
  bucket = google_storage_bucket.code.name
  source = data.archive_file.src.output_path
}

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

# 1. public HTTP function
resource "google_cloudfunctions2_function" "lookup" {
  name     = "lookup"
  location = "us-central1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "lookup"
    source {
      storage_source {
        bucket = google_storage_bucket.code.name
        object = google_storage_bucket_object.src.name
      }
    }
  }
  service_config {
    available_memory      = "256M"
    timeout_seconds       = 30
    max_instance_count    = 50
    service_account_email = google_service_account.fn.email
  }
}

resource "google_cloud_run_service_iam_member" "lookup_public" {
  location = google_cloudfunctions2_function.lookup.location
  service  = google_cloudfunctions2_function.lookup.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# 2. triggered by a topic anyone can publish to
resource "google_pubsub_topic" "orders" {
  name = "orders"
}

resource "google_pubsub_topic_iam_member" "orders_public" {
  topic  = google_pubsub_topic.orders.name
  role   = "roles/pubsub.publisher"
  member = "allUsers"
}

resource "google_cloudfunctions2_function" "ingest" {
  name     = "ingest"
  location = "us-central1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "ingest"
    source {
      storage_source {
        bucket = google_storage_bucket.code.name
        object = google_storage_bucket_object.src.name
      }
    }
  }
  service_config {
    available_memory      = "256M"
    timeout_seconds       = 30
    max_instance_count    = 50
    service_account_email = google_service_account.fn.email
  }
  event_trigger {
    event_type   = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic = google_pubsub_topic.orders.id
  }
}

# 3. its service account owns the project
resource "google_cloudfunctions2_function" "admin" {
  name     = "admin"
  location = "us-central1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "admin"
    source {
      storage_source {
        bucket = google_storage_bucket.code.name
        object = google_storage_bucket_object.src.name
      }
    }
  }
  service_config {
    available_memory      = "256M"
    timeout_seconds       = 30
    max_instance_count    = 50
    service_account_email = google_service_account.admin.email
  }
}

# 4. a secret in its settings
resource "google_pubsub_topic" "internal" {
  name = "internal"
}

resource "google_cloudfunctions2_function" "notify" {
  name     = "notify"
  location = "us-central1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "notify"
    source {
      storage_source {
        bucket = google_storage_bucket.code.name
        object = google_storage_bucket_object.src.name
      }
    }
  }
  service_config {
    available_memory      = "256M"
    timeout_seconds       = 30
    max_instance_count    = 50
    service_account_email = google_service_account.fn.email
    environment_variables = {
      STRIPE_SECRET_KEY = "sk_live_51HqLyjWDarjtT1zdp7dcXYZabc123"
    }
  }
  event_trigger {
    event_type   = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic = google_pubsub_topic.internal.id
  }
}

# 5. clean: HTTP, callers need an invoker role
resource "google_cloudfunctions2_function" "health" {
  name     = "health"
  location = "us-central1"
  build_config {
    runtime     = "nodejs20"
    entry_point = "health"
    source {
      storage_source {
        bucket = google_storage_bucket.code.name
        object = google_storage_bucket_object.src.name
      }
    }
  }
  service_config {
    available_memory      = "256M"
    timeout_seconds       = 30
    max_instance_count    = 50
    service_account_email = google_service_account.fn.email
  }
}
