package io.streamfleet.server.api;

import io.streamfleet.model.Json;
import io.streamfleet.model.api.ApiError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any route runs (an undecodable path, a malformed request
 * line), in the API's one error shape instead of Jetty's HTML page; found by the API fuzz test.
 * Jetty still does the rest (status, closing the connection when it must): only the body's
 * format is chosen here.
 */
final class JsonErrorHandler {
  private JsonErrorHandler() {}

  /** For the server (errors before a request reaches the servlet context). */
  static ErrorHandler server() {
    return new ErrorHandler() {
      @Override
      protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
          List<Charset> charsets, int code, String message, Throwable cause) throws IOException {
        return super.generateAcceptableResponse(request, response, callback, "application/json", charsets, code, message, cause);
      }

      @Override
      protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(body(code, message));
      }

      @Override
      public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    };
  }

  /** For the servlet context (errors while decoding the request for Javalin). */
  static org.eclipse.jetty.ee10.servlet.ErrorHandler servletContext() {
    return new org.eclipse.jetty.ee10.servlet.ErrorHandler() {
      @Override
      protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
          List<Charset> charsets, int code, String message, Throwable cause) throws IOException {
        return super.generateAcceptableResponse(request, response, callback, "application/json", charsets, code, message, cause);
      }

      @Override
      protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(body(code, message));
      }
    };
  }

  static String body(int code, String message) {
    String text = message == null || message.isBlank() ? "the request could not be read" : message;
    String errorCode = code == 400 ? "bad_request" : code == 404 ? "not_found" : "http_" + code;
    try {
      return Json.mapper().writeValueAsString(ApiError.of(errorCode, text + " (HTTP " + code + "); check the path's encoding and the request line"));
    } catch (IOException e) {
      return "{\"error\":{\"code\":\"" + errorCode + "\",\"message\":\"HTTP " + code + "\"}}";
    }
  }
}
