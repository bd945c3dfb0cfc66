resource "google_service_account" "deployer" {
  account_id = "deployer"
}
resource "google_project_iam_custom_role" "deploy" {
  role_id     = "functionDeployer"
  title       = "Function deployer"
  permissions = ["cloudfunctions.functions.create", "cloudfunctions.functions.update", "iam.serviceAccounts.actAs", "storage.objects.get"]
}
resource "google_project_iam_custom_role" "odd" {
  role_id     = "odd"
  title       = "Odd"
  permissions = ["iam.serviceAccounts.someNewThing", "logging.logEntries.create"]
}
resource "google_project_iam_member" "deployer" {
  project = "acme"
  role    = google_project_iam_custom_role.deploy.id
  member  = "serviceAccount:${google_service_account.deployer.email}"
}
resource "google_project_iam_member" "odd" {
  project = "acme"
  role    = google_project_iam_custom_role.odd.name
  member  = google_service_account.deployer.member
}
resource "google_folder_iam_binding" "folder" {
  folder  = "folders/1234567"
  role    = "roles/resourcemanager.projectIamAdmin"
  members = ["serviceAccount:${google_service_account.deployer.email}"]
}
resource "google_organization_iam_member" "org" {
  org_id = "123456789"
  role   = "roles/some.unknownRole"
  member = "serviceAccount:${google_service_account.deployer.email}"
}
resource "google_service_account_iam_member" "public-actas" {
  service_account_id = google_service_account.deployer.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "allAuthenticatedUsers"
}
resource "google_cloudfunctions2_function" "deploy" {
  name     = "deploy"
  location = "europe-west1"
  build_config {
    runtime     = "python312"
    entry_point = "handler"
  }
  service_config {
    service_account_email = google_service_account.deployer.email
  }
}
