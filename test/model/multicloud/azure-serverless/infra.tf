# The Service Bus topics the Serverless service of serverless.yml is fed from.
resource "azurerm_servicebus_namespace" "bus" {
  name                = "orders-bus"
  resource_group_name = "orders"
  location            = "eastus"
  sku                 = "Standard"
}

resource "azurerm_servicebus_topic" "orders" {
  name         = "orders"
  namespace_id = azurerm_servicebus_namespace.bus.id
}

resource "azurerm_servicebus_topic" "mail" {
  name         = "mail"
  namespace_id = azurerm_servicebus_namespace.bus.id
}
