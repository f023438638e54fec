package dev.hookline.receiver.spring;

import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.test.TestSigners;

/** The starter tests' Lucca deliveries, from the test kit. */
public final class Deliveries {

  private Deliveries() {}

  /**
   * Lucca's employee.updated fixture as the event of this id and topic, signed now with {@link
   * TestSigners#LUCCA_SECRET}, the secret of the tests' Lucca endpoints.
   */
  public static SignedRequests lucca(String id, String topic) {
    return SignedRequests.lucca(TestSigners.LUCCA_SECRET)
        .event(LuccaFixtures.employeeUpdated().id(id).topic(topic));
  }
}
