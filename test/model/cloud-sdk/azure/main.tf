# Least privilege on Azure: the same code (it reads a blob of one container, sends to one Service
# Bus queue and reads one Key Vault secret, with the app's managed identity) in two apps. `wide`'s
# identity holds data-owner roles on the resource group; `tight` (the safe twin) holds exactly the
# roles its calls need, each on the one resource it uses. `keyed` makes the same calls with
# connection strings: they need no role of its identity.
data "archive_file" "src" {
  type        = "zip"
  source_dir  = "${path.module}/src"
  output_path = "${path.module}/build/src.zip"
}

resource "azurerm_resource_group" "rg" {
  name     = "reports"
  location = "eastus"
}

resource "azurerm_storage_account" "sa" {
  name                     = "reportsstorage"
  resource_group_name      = azurerm_resource_group.rg.name
  location                 = azurerm_resource_group.rg.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_container" "uploads" {
  name                  = "uploads"
  storage_account_id    = azurerm_storage_account.sa.id
  container_access_type = "private"
}

resource "azurerm_servicebus_namespace" "bus" {
  name                = "reports-bus"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  sku                 = "Standard"
}

resource "azurerm_servicebus_queue" "events" {
  name         = "report-events"
  namespace_id = azurerm_servicebus_namespace.bus.id
}

data "azurerm_client_config" "current" {}

resource "azurerm_key_vault" "kv" {
  name                = "reports-kv"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"
}

resource "azurerm_key_vault_secret" "api_key" {
  name         = "reports-api-key"
  value        = "set-out-of-band"
  key_vault_id = azurerm_key_vault.kv.id
}

resource "azurerm_service_plan" "plan" {
  name                = "reports-plan"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  os_type             = "Linux"
  sku_name            = "Y1"
}

resource "azurerm_linux_function_app" "wide" {
  name                 = "reports-wide"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = azurerm_storage_account.sa.name
  zip_deploy_file      = data.archive_file.src.output_path
  app_settings = {
    ACCOUNT_URL = "https://reportsstorage.blob.core.windows.net"
    VAULT_URL   = "https://reports-kv.vault.azure.net"
  }
  site_config {
    application_stack {
      node_version = "20"
    }
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_linux_function_app" "tight" {
  name                 = "reports-tight"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = azurerm_storage_account.sa.name
  zip_deploy_file      = data.archive_file.src.output_path
  app_settings = {
    ACCOUNT_URL = "https://reportsstorage.blob.core.windows.net"
    VAULT_URL   = "https://reports-kv.vault.azure.net"
  }
  site_config {
    application_stack {
      node_version = "20"
    }
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_linux_function_app" "keyed" {
  name                 = "reports-keyed"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = azurerm_storage_account.sa.name
  zip_deploy_file      = data.archive_file.src.output_path
  site_config {
    application_stack {
      node_version = "20"
    }
  }
  identity {
    type = "SystemAssigned"
  }
}

# wide: owner of every blob, message and secret of the resource group
resource "azurerm_role_assignment" "wide_blobs" {
  scope                = azurerm_resource_group.rg.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = azurerm_linux_function_app.wide.identity[0].principal_id
}

resource "azurerm_role_assignment" "wide_bus" {
  scope                = azurerm_resource_group.rg.id
  role_definition_name = "Azure Service Bus Data Owner"
  principal_id         = azurerm_linux_function_app.wide.identity[0].principal_id
}

resource "azurerm_role_assignment" "wide_secrets" {
  scope                = azurerm_resource_group.rg.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = azurerm_linux_function_app.wide.identity[0].principal_id
}

# tight: each role on the one resource it is used on
resource "azurerm_role_assignment" "tight_blobs" {
  scope                = azurerm_storage_container.uploads.id
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = azurerm_linux_function_app.tight.identity[0].principal_id
}

resource "azurerm_role_assignment" "tight_bus" {
  scope                = azurerm_servicebus_queue.events.id
  role_definition_name = "Azure Service Bus Data Sender"
  principal_id         = azurerm_linux_function_app.tight.identity[0].principal_id
}

resource "azurerm_role_assignment" "tight_secret" {
  scope                = azurerm_key_vault_secret.api_key.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_linux_function_app.tight.identity[0].principal_id
}

resource "azurerm_function_app_function" "wide" {
  name            = "report"
  function_app_id = azurerm_linux_function_app.wide.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ authLevel = "function", type = "httpTrigger", direction = "in", name = "req" }]
  })
}

resource "azurerm_function_app_function" "tight" {
  name            = "report"
  function_app_id = azurerm_linux_function_app.tight.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ authLevel = "function", type = "httpTrigger", direction = "in", name = "req" }]
  })
}

resource "azurerm_function_app_function" "keyed" {
  name            = "keyed"
  function_app_id = azurerm_linux_function_app.keyed.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ authLevel = "function", type = "httpTrigger", direction = "in", name = "req" }]
  })
}
