package dev.hookline.receiver.clients;

import org.jspecify.annotations.Nullable;

/**
 * A provider answered with a success status but a body the client cannot read: not JSON, or missing
 * a required field, or a paging link to another host. Carries the status and a body excerpt.
 */
public class MalformedResponseException extends ApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param operation the operation whose response was malformed
   * @param status the HTTP status of the response
   * @param bodyExcerpt a bounded excerpt of the body
   * @param message what is wrong with it
   * @param cause the parser's exception, or null
   */
  public MalformedResponseException(
      String operation, int status, String bodyExcerpt, String message, @Nullable Throwable cause) {
    super(operation, status, bodyExcerpt, null, message, cause);
  }
}
