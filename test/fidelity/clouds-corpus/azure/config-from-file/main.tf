# A function whose bindings are read from a function.json with file() and whose code is given
# inline in a file block (the shape of the azurerm provider's Python function example; written
# for nightlight).
resource "azurerm_resource_group" "main" {
  name     = "cff-rg"
  location = "westeurope"
}

resource "azurerm_service_plan" "main" {
  name                = "cff-plan"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  os_type             = "Linux"
  sku_name            = "S1"
}

resource "azurerm_linux_function_app" "main" {
  name                 = "cff-fn"
  resource_group_name  = azurerm_resource_group.main.name
  location             = azurerm_resource_group.main.location
  service_plan_id      = azurerm_service_plan.main.id
  storage_account_name = "cffstore"
  site_config {
    application_stack {
      python_version = "3.11"
    }
  }
}

resource "azurerm_function_app_function" "hello" {
  name            = "hello"
  function_app_id = azurerm_linux_function_app.main.id
  language        = "Python"
  file {
    name    = "__init__.py"
    content = file("./fn/__init__.py")
  }
  config_json = file("./fn/function.json")
}
