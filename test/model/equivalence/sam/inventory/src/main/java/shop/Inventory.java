package shop;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.sql.Connection;
import java.sql.DriverManager;

public class Inventory implements RequestHandler<APIGatewayV2HTTPEvent, String> {
  @Override
  public String handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    String sku = event.getQueryStringParameters().get("sku");
    try (Connection conn = DriverManager.getConnection(System.getenv("JDBC_URL"))) {
      return String.valueOf(conn.createStatement().executeQuery("SELECT qty FROM stock WHERE sku = '" + sku + "'").next());
    } catch (Exception e) {
      return "error";
    }
  }
}
