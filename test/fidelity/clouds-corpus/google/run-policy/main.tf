data "google_iam_policy" "noauth" {
  binding {
    role = "roles/run.invoker"
    members = ["allUsers"]
  }
}
resource "google_cloud_run_v2_service" "default" {
  name     = "cloudrun-service"
  location = "us-central1"
  deletion_protection = false
  ingress = "INGRESS_TRAFFIC_ALL"
  template {
    containers {
      image = "us-docker.pkg.dev/cloudrun/container/hello"
      resources {
        limits = {
          cpu    = "2"
          memory = "1024Mi"
        }
      }
      env {
        name  = "SOURCE"
        value = "remote"
      }
      env {
        name = "SECRET_ENV_VAR"
        value_source {
          secret_key_ref {
            secret  = "my-secret"
            version = "1"
          }
        }
      }
    }
    scaling {
      max_instance_count = 2
    }
  }
}
resource "google_cloud_run_v2_service_iam_policy" "noauth" {
  location    = google_cloud_run_v2_service.default.location
  project     = google_cloud_run_v2_service.default.project
  name        = google_cloud_run_v2_service.default.name
  policy_data = data.google_iam_policy.noauth.policy_data
}
resource "google_cloud_run_v2_service" "private" {
  name     = "private"
  location = "us-central1"
  template {
    containers { image = "gcr.io/x/y" }
    service_account = "runner@acme.iam.gserviceaccount.com"
  }
}
resource "google_cloud_run_v2_service_iam_member" "auth" {
  name   = google_cloud_run_v2_service.private.name
  role   = "roles/run.invoker"
  member = "allAuthenticatedUsers"
}
