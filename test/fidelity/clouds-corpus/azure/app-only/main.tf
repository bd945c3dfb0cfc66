resource "azurerm_resource_group" "example" {
  name     = "example-resources"
  location = "West Europe"
}
resource "azurerm_service_plan" "example" {
  name                = "example-app-service-plan"
  resource_group_name = azurerm_resource_group.example.name
  location            = azurerm_resource_group.example.location
  os_type             = "Windows"
  sku_name            = "Y1"
}
resource "azurerm_windows_function_app" "example" {
  name                = "example-windows-function-app"
  resource_group_name = azurerm_resource_group.example.name
  location            = azurerm_resource_group.example.location
  storage_account_name       = "examplestorage"
  storage_account_access_key = "AccountKey=abc123secretkeyvalue0000000000000000000000=="
  service_plan_id            = azurerm_service_plan.example.id
  https_only                 = false
  app_settings = {
    FUNCTIONS_WORKER_RUNTIME = "dotnet"
    DB_PASSWORD              = "P@ssw0rd-prod-2024"
  }
  site_config {
    ip_restriction {
      ip_address = "10.0.0.0/24"
      action     = "Allow"
    }
  }
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.uai.id]
  }
}
resource "azurerm_user_assigned_identity" "uai" {
  name                = "fn-identity"
  resource_group_name = azurerm_resource_group.example.name
  location            = azurerm_resource_group.example.location
}
resource "azurerm_role_assignment" "contrib" {
  scope                = azurerm_resource_group.example.id
  role_definition_name = "Contributor"
  principal_id         = azurerm_user_assigned_identity.uai.principal_id
}
resource "azurerm_role_assignment" "uaa" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/example-resources"
  role_definition_id = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"
  principal_id       = azurerm_user_assigned_identity.uai.principal_id
}
