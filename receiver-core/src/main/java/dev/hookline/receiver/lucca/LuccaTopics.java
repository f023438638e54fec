package dev.hookline.receiver.lucca;

/** Lucca topic names. Topics are open strings: new ones arrive without a new Hookline release. */
public final class LuccaTopics {

  /** An employee was created. */
  public static final String EMPLOYEE_CREATED = "employee.created";

  /** An employee changed; the event carries previous attributes. */
  public static final String EMPLOYEE_UPDATED = "employee.updated";

  /** An employee was deleted. */
  public static final String EMPLOYEE_DELETED = "employee.deleted";

  /** Every employee topic, as a pattern. */
  public static final String EMPLOYEE_ALL = "employee.*";

  /** A leave request was created. */
  public static final String LEAVE_REQUEST_CREATED = "leave-request.created";

  /** A leave request changed. */
  public static final String LEAVE_REQUEST_UPDATED = "leave-request.updated";

  /** A leave request was deleted. */
  public static final String LEAVE_REQUEST_DELETED = "leave-request.deleted";

  /** The test event Lucca sends on demand. */
  public static final String TEST_CREATED = "test.created";

  /** The endpoint confirmation event. */
  public static final String CONFIRMATION = "confirmation";

  private LuccaTopics() {}
}
