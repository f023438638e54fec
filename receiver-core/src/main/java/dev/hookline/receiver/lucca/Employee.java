package dev.hookline.receiver.lucca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A Lucca employee, the {@code data} of {@code employee.*} events. Every field may be null: in an
 * event's previous values only the changed ones are set. Unknown fields are ignored.
 *
 * @param id the employee id
 * @param type always {@code employee}
 * @param url the employee's API URL
 * @param remoteId the id in the customer's own systems
 * @param portrait the portrait resource
 * @param givenName first name
 * @param familyName last name
 * @param employeeNumber the employee number
 * @param status e.g. {@code active}
 * @param email work email
 * @param birthDay day and month of birth
 * @param phoneNumber work phone number
 * @param applicableEmployment the current employment
 * @param applicableJobPosition the current job position
 * @param createdAt creation time
 * @param lastUpdatedAt last change time
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Employee(
    @Nullable String id,
    @Nullable String type,
    @Nullable String url,
    @Nullable String remoteId,
    @Nullable Reference portrait,
    @Nullable String givenName,
    @Nullable String familyName,
    @Nullable String employeeNumber,
    @Nullable String status,
    @Nullable String email,
    @Nullable BirthDay birthDay,
    @Nullable String phoneNumber,
    @Nullable Reference applicableEmployment,
    @Nullable Reference applicableJobPosition,
    @JsonDeserialize(using = InstantDeserializer.class) @Nullable Instant createdAt,
    @JsonDeserialize(using = InstantDeserializer.class) @Nullable Instant lastUpdatedAt) {

  /**
   * A birthday without its year, as Lucca exposes it.
   *
   * @param day day of month, 1–31 (null when unknown)
   * @param month month, 1–12 (null when unknown)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BirthDay(@Nullable Integer day, @Nullable Integer month) {}

  /**
   * A link to another Lucca resource. A field Lucca leaves out is null.
   *
   * @param id the resource id
   * @param type the resource type, e.g. {@code employment}
   * @param url the resource's API URL
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Reference(@Nullable String id, @Nullable String type, @Nullable String url) {}
}
