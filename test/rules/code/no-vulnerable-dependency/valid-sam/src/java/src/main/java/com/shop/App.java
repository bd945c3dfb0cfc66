package com.shop;

import java.util.Map;

public class App {
  public Map<String, Object> handleRequest(Map<String, Object> event, Object context) {
    return Map.of("ok", true);
  }
}
