# Orders app on Azure (twin of ../aws/main.tf and ../google/main.tf): one public HTTP function,
# one fed by a queue, one whose identity owns the subscription, one with a secret in its
# settings, one clean (a function key is required).
data "archive_file" "src" {
  type        = "zip"
  source_dir  = "${path.module}/src"
  output_path = "${path.module}/build/src.zip"
}

resource "azurerm_resource_group" "rg" {
  name     = "orders"
  location = "eastus"
}

resource "azurerm_storage_account" "sa" {
  name                     = "ordersstorage"
  resource_group_name      = azurerm_resource_group.rg.name
  location                 = azurerm_resource_group.rg.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_queue" "orders" {
  name                 = "orders"
  storage_account_name = azurerm_storage_account.sa.name
}

resource "azurerm_service_plan" "plan" {
  name                = "orders-plan"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  os_type             = "Linux"
  sku_name            = "Y1"
}

# The app whose functions run with the shared settings: one identity with no role, app_scale_limit 50.
resource "azurerm_linux_function_app" "orders" {
  name                       = "orders-fn"
  resource_group_name        = azurerm_resource_group.rg.name
  location                   = azurerm_resource_group.rg.location
  service_plan_id            = azurerm_service_plan.plan.id
  storage_account_name       = azurerm_storage_account.sa.name
  zip_deploy_file            = data.archive_file.src.output_path
  site_config {
    app_scale_limit = 50
    application_stack {
      node_version = "20"
    }
  }
  identity {
    type = "SystemAssigned"
  }
}

# The app whose identity owns the subscription.
resource "azurerm_linux_function_app" "ops" {
  name                       = "orders-ops"
  resource_group_name        = azurerm_resource_group.rg.name
  location                   = azurerm_resource_group.rg.location
  service_plan_id            = azurerm_service_plan.plan.id
  storage_account_name       = azurerm_storage_account.sa.name
  zip_deploy_file            = data.archive_file.src.output_path
  site_config {
    app_scale_limit = 50
    application_stack {
      node_version = "20"
    }
  }
  identity {
    type = "SystemAssigned"
  }
}

# The app with a secret in its settings (and a Key Vault reference, which is not a secret).
resource "azurerm_linux_function_app" "mail" {
  name                       = "orders-mail"
  resource_group_name        = azurerm_resource_group.rg.name
  location                   = azurerm_resource_group.rg.location
  service_plan_id            = azurerm_service_plan.plan.id
  storage_account_name       = azurerm_storage_account.sa.name
  zip_deploy_file            = data.archive_file.src.output_path
  app_settings = {
    STRIPE_SECRET_KEY = "sk_live_51HqLyjWDarjtT1zdp7dcXYZabc123"
    VAULT_REF         = "@Microsoft.KeyVault(SecretUri=https://orders-kv.vault.azure.net/secrets/db/)"
  }
  site_config {
    app_scale_limit = 50
    application_stack {
      node_version = "20"
    }
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_role_assignment" "ops_owner" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_name = "Owner"
  principal_id         = azurerm_linux_function_app.ops.identity[0].principal_id
}

# 1. public HTTP function
resource "azurerm_function_app_function" "lookup" {
  name            = "lookup"
  function_app_id = azurerm_linux_function_app.orders.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req", methods = ["get"] }]
  })
}

# 2. triggered by a queue
resource "azurerm_function_app_function" "ingest" {
  name            = "ingest"
  function_app_id = azurerm_linux_function_app.orders.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ type = "queueTrigger", direction = "in", name = "msg", queueName = "orders", connection = "AzureWebJobsStorage" }]
  })
}

# 3. its identity owns the subscription (fed by an internal queue)
resource "azurerm_storage_queue" "jobs" {
  name                 = "jobs"
  storage_account_name = azurerm_storage_account.sa.name
}

resource "azurerm_function_app_function" "admin" {
  name            = "admin"
  function_app_id = azurerm_linux_function_app.ops.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ type = "queueTrigger", direction = "in", name = "msg", queueName = "jobs", connection = "AzureWebJobsStorage" }]
  })
}

# 4. a secret in its settings
resource "azurerm_function_app_function" "notify" {
  name            = "notify"
  function_app_id = azurerm_linux_function_app.mail.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ type = "queueTrigger", direction = "in", name = "msg", queueName = "orders", connection = "AzureWebJobsStorage" }]
  })
}

# 5. clean: a function key is required
resource "azurerm_function_app_function" "health" {
  name            = "health"
  function_app_id = azurerm_linux_function_app.orders.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ authLevel = "function", type = "httpTrigger", direction = "in", name = "req" }]
  })
}
