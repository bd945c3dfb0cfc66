variable "level" {}
resource "azurerm_linux_function_app" "odd" {
  name = "odd"
  site_config = "nope"
  identity {
    type = 7
  }
}
resource "azurerm_function_app_function" "var" {
  name            = "var"
  function_app_id = azurerm_linux_function_app.odd.id
  language        = "Javascript"
  config_json     = jsonencode({ bindings = [{ authLevel = var.level, type = "httpTrigger" }] })
}
resource "azurerm_function_app_function" "dangling" {
  name            = "dangling"
  function_app_id = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/sites/elsewhere"
  config_json     = "not json"
}
resource "azurerm_function_app_function" "nobindings" {
  name            = "nobindings"
  function_app_id = azurerm_linux_function_app.odd.id
  config_json     = jsonencode({})
}
resource "azurerm_role_assignment" "weird" {
  scope        = null
  principal_id = azurerm_linux_function_app.odd.identity[0].principal_id
}
resource "azurerm_role_assignment" "custom" {
  scope              = "/subscriptions/x"
  role_definition_id = "/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/unknown-guid"
  principal_id       = "11111111-2222-3333-4444-555555555555"
}
