# A function app whose system-assigned identity gets a role at the subscription, the role's name
# coming from a variable (the shape of the azurerm provider's RBAC example; written for nightlight).
variable "prefix" {
  type = string
}

variable "role_definition_name" {
  type    = string
  default = "Contributor"
}

resource "azurerm_resource_group" "main" {
  name     = "${var.prefix}-rg"
  location = "westeurope"
}

resource "azurerm_storage_account" "main" {
  name                     = "${var.prefix}store"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = azurerm_resource_group.main.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_service_plan" "main" {
  name                = "${var.prefix}-plan"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  os_type             = "Linux"
  sku_name            = "Y1"
}

resource "azurerm_linux_function_app" "main" {
  name                       = "${var.prefix}-fn"
  resource_group_name        = azurerm_resource_group.main.name
  location                   = azurerm_resource_group.main.location
  service_plan_id            = azurerm_service_plan.main.id
  storage_account_name       = azurerm_storage_account.main.name
  storage_account_access_key = azurerm_storage_account.main.primary_access_key
  site_config {}
  identity {
    type = "SystemAssigned"
  }
}

data "azurerm_subscription" "current" {}

resource "azurerm_role_assignment" "fn" {
  scope                = data.azurerm_subscription.current.id
  role_definition_name = var.role_definition_name
  principal_id         = azurerm_linux_function_app.main.identity.0.principal_id
}
