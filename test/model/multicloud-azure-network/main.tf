# Who reaches an Azure function over the network and through Easy Auth: private endpoints,
# access restrictions (with and without a Deny default), and Easy Auth tenants and providers.
variable "tenant_endpoint" {
  type = string
}

resource "azurerm_resource_group" "rg" {
  name     = "net"
  location = "westeurope"
}

resource "azurerm_virtual_network" "vnet" {
  name                = "net"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "apps" {
  name                 = "apps"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.1.0/24"]
}

resource "azurerm_service_plan" "plan" {
  name                = "net-plan"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  os_type             = "Linux"
  sku_name            = "Y1"
}

resource "azurerm_linux_function_app" "private" {
  name                 = "net-private"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = "netstorage"
  public_network_access_enabled = false
  site_config {
    app_scale_limit = 10
    application_stack {
      python_version = "3.11"
    }
  }
}

resource "azurerm_function_app_function" "private" {
  name            = "private"
  function_app_id = azurerm_linux_function_app.private.id
  language        = "Python"
  config_json = jsonencode({
    bindings = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req" }]
  })
}

resource "azurerm_linux_function_app" "vnet" {
  name                 = "net-vnet"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = "netstorage"
  site_config {
    app_scale_limit = 10
    ip_restriction_default_action = "Deny"
    ip_restriction {
      virtual_network_subnet_id = azurerm_subnet.apps.id
    }
    ip_restriction {
      ip_address = "10.0.0.0/8"
    }
    application_stack {
      python_version = "3.11"
    }
  }
}

resource "azurerm_function_app_function" "vnet" {
  name            = "vnet"
  function_app_id = azurerm_linux_function_app.vnet.id
  language        = "Python"
  config_json = jsonencode({
    bindings = [{ authLevel = "function", type = "httpTrigger", direction = "in", name = "req" }]
  })
}

resource "azurerm_linux_function_app" "allowdefault" {
  name                 = "net-allowdefault"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = "netstorage"
  site_config {
    app_scale_limit = 10
    ip_restriction {
      ip_address = "203.0.113.0/24"
    }
    application_stack {
      python_version = "3.11"
    }
  }
}

resource "azurerm_function_app_function" "allowdefault" {
  name            = "allowdefault"
  function_app_id = azurerm_linux_function_app.allowdefault.id
  language        = "Python"
  config_json = jsonencode({
    bindings = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req" }]
  })
}

resource "azurerm_linux_function_app" "office" {
  name                 = "net-office"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = "netstorage"
  site_config {
    app_scale_limit = 10
    ip_restriction_default_action = "Deny"
    ip_restriction {
      ip_address = "203.0.113.0/24"
      action     = "Allow"
    }
    application_stack {
      python_version = "3.11"
    }
  }
}

resource "azurerm_function_app_function" "office" {
  name            = "office"
  function_app_id = azurerm_linux_function_app.office.id
  language        = "Python"
  config_json = jsonencode({
    bindings = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req" }]
  })
}

resource "azurerm_linux_function_app" "multitenant" {
  name                 = "net-multitenant"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = "netstorage"
  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = true
    active_directory_v2 {
      client_id            = "00000000-0000-0000-0000-000000000003"
      tenant_auth_endpoint = "https://login.microsoftonline.com/common/v2.0"
    }
    login {}
  }
  site_config {
    app_scale_limit = 10
    application_stack {
      python_version = "3.11"
    }
  }
}

resource "azurerm_function_app_function" "multitenant" {
  name            = "multitenant"
  function_app_id = azurerm_linux_function_app.multitenant.id
  language        = "Python"
  config_json = jsonencode({
    bindings = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req" }]
  })
}

resource "azurerm_linux_function_app" "social" {
  name                 = "net-social"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = "netstorage"
  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = true
    active_directory_v2 {
      client_id            = "00000000-0000-0000-0000-000000000004"
      tenant_auth_endpoint = "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0"
    }
    github_v2 {
      client_id                  = "gh-client"
      client_secret_setting_name = "GITHUB_SECRET"
    }
    login {}
  }
  site_config {
    app_scale_limit = 10
    application_stack {
      python_version = "3.11"
    }
  }
}

resource "azurerm_function_app_function" "social" {
  name            = "social"
  function_app_id = azurerm_linux_function_app.social.id
  language        = "Python"
  config_json = jsonencode({
    bindings = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req" }]
  })
}

resource "azurerm_linux_function_app" "vartenant" {
  name                 = "net-vartenant"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = "netstorage"
  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = true
    active_directory_v2 {
      client_id            = "00000000-0000-0000-0000-000000000005"
      tenant_auth_endpoint = var.tenant_endpoint
    }
    login {}
  }
  site_config {
    app_scale_limit = 10
    application_stack {
      python_version = "3.11"
    }
  }
}

resource "azurerm_function_app_function" "vartenant" {
  name            = "vartenant"
  function_app_id = azurerm_linux_function_app.vartenant.id
  language        = "Python"
  config_json = jsonencode({
    bindings = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req" }]
  })
}

# Easy Auth on, but require_authentication left at its default (false): anonymous requests pass through.
resource "azurerm_linux_function_app" "optional" {
  name                 = "net-optional"
  resource_group_name  = azurerm_resource_group.rg.name
  location             = azurerm_resource_group.rg.location
  service_plan_id      = azurerm_service_plan.plan.id
  storage_account_name = "netstorage"
  auth_settings_v2 {
    auth_enabled = true
    active_directory_v2 {
      client_id            = "00000000-0000-0000-0000-000000000006"
      tenant_auth_endpoint = "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0"
    }
    login {}
  }
  site_config {
    app_scale_limit = 10
    application_stack {
      python_version = "3.11"
    }
  }
}

resource "azurerm_function_app_function" "optional" {
  name            = "optional"
  function_app_id = azurerm_linux_function_app.optional.id
  language        = "Python"
  config_json = jsonencode({
    bindings = [{ authLevel = "anonymous", type = "httpTrigger", direction = "in", name = "req" }]
  })
}
