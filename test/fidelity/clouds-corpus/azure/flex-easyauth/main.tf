resource "azurerm_function_app_flex_consumption" "example" {
  name                = "example-flex"
  resource_group_name = "rg"
  location            = "eastus"
  service_plan_id     = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/serverFarms/plan"
  storage_container_type      = "blobContainer"
  storage_container_endpoint  = "https://example.blob.core.windows.net/deploy"
  storage_authentication_type = "StorageAccountConnectionString"
  runtime_name                = "python"
  runtime_version             = "3.11"
  maximum_instance_count      = 40
  instance_memory_in_mb       = 2048
  site_config {}
  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = true
    unauthenticated_action = "Return401"
    active_directory_v2 {
      client_id            = "00000000-0000-0000-0000-000000000000"
      tenant_auth_endpoint = "https://login.microsoftonline.com/tenant/v2.0/"
    }
    login {}
  }
  identity {
    type = "SystemAssigned"
  }
}
resource "azurerm_function_app_function" "api" {
  name            = "api"
  function_app_id = azurerm_function_app_flex_consumption.example.id
  language        = "Python"
  config_json = jsonencode({
    scriptFile = "function_app.py"
    bindings   = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req", route = "items/{id}" }]
  })
}
resource "azurerm_function_app_function" "tick" {
  name            = "tick"
  function_app_id = azurerm_function_app_flex_consumption.example.id
  language        = "Python"
  config_json = jsonencode({
    bindings = [{ type = "timerTrigger", direction = "in", name = "t", schedule = "0 */5 * * * *" }]
  })
}
resource "azurerm_function_app_function" "grid" {
  name            = "grid"
  function_app_id = azurerm_function_app_flex_consumption.example.id
  language        = "Python"
  config_json = jsonencode({
    bindings = [{ type = "eventGridTrigger", direction = "in", name = "event" }]
  })
}
resource "azurerm_role_assignment" "kv" {
  scope                = azurerm_key_vault.kv.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_function_app_flex_consumption.example.identity[0].principal_id
}
resource "azurerm_key_vault" "kv" {
  name                = "examplekv"
  location            = "eastus"
  resource_group_name = "rg"
  tenant_id           = "t"
  sku_name            = "standard"
}
