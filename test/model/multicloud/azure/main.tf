# Orders app on Azure (twin of ../aws/main.tf and ../google/main.tf): one public HTTP function,
# one fed by a topic, one whose identity owns the subscription, one with a secret in its
# settings, one clean (Entra ID sign-in of the tenant).
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

resource "azurerm_servicebus_namespace" "bus" {
  name                = "orders-bus"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  sku                 = "Standard"
}

# Azure has no anonymous writer for a topic or queue: Service Bus always needs a SAS key or Entra ID.
resource "azurerm_servicebus_topic" "orders" {
  name         = "orders"
  namespace_id = azurerm_servicebus_namespace.bus.id
}

resource "azurerm_servicebus_topic" "mail" {
  name         = "mail"
  namespace_id = azurerm_servicebus_namespace.bus.id
}

resource "azurerm_service_plan" "plan" {
  name                = "orders-plan"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  os_type             = "Linux"
  sku_name            = "Y1"
}

data "azurerm_client_config" "current" {}

# One identity for the public, queue-fed, mail and internal apps (as the AWS twin shares one role).
resource "azurerm_user_assigned_identity" "fn" {
  name                = "orders-fn"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
}

# The public app: lookup (anonymous HTTP) and ingest (topic-fed), app_scale_limit 50.
resource "azurerm_linux_function_app" "orders" {
  name                 = "orders-fn"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = azurerm_storage_account.sa.name
  zip_deploy_file      = data.archive_file.src.output_path
  site_config {
    app_scale_limit = 50
    application_stack {
      node_version = "20"
    }
  }
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.fn.id]
  }
}

# Signed-in Entra ID identities of the organization's tenant only (the twin of AWS_IAM auth).
resource "azurerm_linux_function_app" "internal" {
  name                 = "orders-internal"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = azurerm_storage_account.sa.name
  zip_deploy_file      = data.archive_file.src.output_path
  site_config {
    app_scale_limit = 50
    application_stack {
      node_version = "20"
    }
  }
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.fn.id]
  }
  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = true
    unauthenticated_action = "Return401"
    active_directory_v2 {
      client_id            = "00000000-0000-0000-0000-000000000001"
      tenant_auth_endpoint = "https://login.microsoftonline.com/${data.azurerm_client_config.current.tenant_id}/v2.0"
    }
    login {}
  }
}

# The app whose identity owns the subscription (Entra ID sign-in, like the internal app).
resource "azurerm_linux_function_app" "ops" {
  name                 = "orders-ops"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = azurerm_storage_account.sa.name
  zip_deploy_file      = data.archive_file.src.output_path
  site_config {
    app_scale_limit = 50
    application_stack {
      node_version = "20"
    }
  }
  identity {
    type = "SystemAssigned"
  }
  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = true
    active_directory_v2 {
      client_id            = "00000000-0000-0000-0000-000000000002"
      tenant_auth_endpoint = "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0"
    }
    login {}
  }
}

# The app with a secret in its settings (and a Key Vault reference, which is not a secret).
resource "azurerm_linux_function_app" "mail" {
  name                 = "orders-mail"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = azurerm_storage_account.sa.name
  zip_deploy_file      = data.archive_file.src.output_path
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
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.fn.id]
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

# 2. triggered by a topic (which no one can write to anonymously on Azure)
resource "azurerm_function_app_function" "ingest" {
  name            = "ingest"
  function_app_id = azurerm_linux_function_app.orders.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ type = "serviceBusTrigger", direction = "in", name = "msg", topicName = "orders", subscriptionName = "ingest", connection = "ServiceBus" }]
  })
}

# 3. its identity owns the subscription
resource "azurerm_function_app_function" "admin" {
  name            = "admin"
  function_app_id = azurerm_linux_function_app.ops.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req" }]
  })
}

# 4. a secret in its settings
resource "azurerm_function_app_function" "notify" {
  name            = "notify"
  function_app_id = azurerm_linux_function_app.mail.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ type = "serviceBusTrigger", direction = "in", name = "msg", topicName = "mail", subscriptionName = "notify", connection = "ServiceBus" }]
  })
}

# 5. clean: Entra ID identities of the tenant only
resource "azurerm_function_app_function" "health" {
  name            = "health"
  function_app_id = azurerm_linux_function_app.internal.id
  language        = "Javascript"
  config_json = jsonencode({
    bindings = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req" }]
  })
}
