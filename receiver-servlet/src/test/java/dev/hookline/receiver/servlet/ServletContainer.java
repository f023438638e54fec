package dev.hookline.receiver.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.List;

/** An embedded container on a random port running the filters in order, then a servlet. */
interface ServletContainer {

  /**
   * Request threads of each container: few, so that a test can hold them all; filters and the
   * servlet support asynchronous requests, as Spring Boot registers them.
   */
  int MAX_THREADS = 16;

  /** Starts the container and returns its base URI, e.g. {@code http://127.0.0.1:41234}. */
  URI start(List<Filter> filters, HttpServlet servlet) throws Exception;

  /**
   * Whether the container maps a path with repeated slashes as if they were one ({@code /a//b} as
   * {@code /a/b}) rather than refusing it.
   */
  boolean mergesRepeatedSlashes();

  /** Stops the container. */
  void stop() throws Exception;
}
