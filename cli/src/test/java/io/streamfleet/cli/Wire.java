package io.streamfleet.cli;

import io.streamfleet.model.Json;

/** Test data as the server sends it: the API's own JSON. */
final class Wire {
  private Wire() {}

  static String json(Object value) throws Exception {
    return Json.mapper().writeValueAsString(value);
  }
}
