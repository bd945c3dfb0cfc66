# A public 1st gen function with no max_instances: it scales to the 3,000-instance default.
resource "google_cloudfunctions_function" "hook" {
  name                = "hook"
  runtime             = "python312"
  entry_point         = "hook"
  available_memory_mb = 256
  timeout             = 60
  trigger_http        = true
}

resource "google_cloudfunctions_function_iam_member" "public" {
  cloud_function = google_cloudfunctions_function.hook.name
  role           = "roles/cloudfunctions.invoker"
  member         = "allUsers"
}
