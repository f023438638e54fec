package dev.hookline.receiver.clients;

/**
 * A provider API call got no response within the configured timeout. Its status is {@link
 * ApiException#NO_STATUS}.
 */
public class ApiTimeoutException extends ApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param operation the operation that timed out
   * @param message what happened, with the timeout
   * @param cause the client's timeout exception
   */
  public ApiTimeoutException(String operation, String message, Throwable cause) {
    super(operation, NO_STATUS, "", null, message, cause);
  }
}
