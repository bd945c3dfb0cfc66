# An app whose functions are declared by function.json files in its code folder (the classic
# model), deployed from an archive of that folder.
data "archive_file" "app" {
  type        = "zip"
  source_dir  = "${path.module}/app"
  output_path = "${path.module}/build/app.zip"
}

resource "azurerm_resource_group" "rg" {
  name     = "fnjson"
  location = "westeurope"
}

resource "azurerm_storage_queue" "jobs" {
  name                 = "jobs"
  storage_account_name = "fnjsonstorage"
}

resource "azurerm_windows_function_app" "app" {
  name                 = "fnjson-app"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/fnjson/providers/Microsoft.Web/serverFarms/plan"
  storage_account_name = "fnjsonstorage"
  zip_deploy_file      = data.archive_file.app.output_path
  site_config {
    app_scale_limit = 20
    application_stack {
      node_version = "~20"
    }
  }
}
