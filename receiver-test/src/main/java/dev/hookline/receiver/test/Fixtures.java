package dev.hookline.receiver.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The catalogue of every ready fixture, e.g. for parameterized tests and the CLI. */
public final class Fixtures {

  private Fixtures() {}

  /**
   * Every fixture: the Lucca topics (in each framing), every Arta type, Standard Webhooks {@code
   * invoice.paid}, GitHub {@code ping} and {@code push}, Stripe {@code customer.created}, Shopify
   * {@code orders/create}, Slack {@code app_mention}.
   */
  public static List<Fixture> all() {
    List<Fixture> all = new ArrayList<>();
    for (CloudEventsFraming framing : CloudEventsFraming.values()) {
      LuccaFixtures.all().forEach(event -> all.add(event.fixture(framing)));
    }
    ArtaFixtures.TYPES.forEach(type -> all.add(ArtaFixtures.event(type).build()));
    all.add(StandardWebhooksFixtures.invoicePaid().build());
    all.add(GitHubFixtures.ping().build());
    all.add(GitHubFixtures.push().build());
    all.add(StripeFixtures.customerCreated().build());
    all.add(ShopifyFixtures.ordersCreate().build());
    all.add(SlackFixtures.appMention().build());
    return List.copyOf(all);
  }

  /** The fixtures of one provider, in Lucca's case in the default framing only. */
  public static List<Fixture> of(String provider) {
    String wanted = provider.toLowerCase(Locale.ROOT);
    return all().stream()
        .filter(fixture -> fixture.provider().equals(wanted))
        .filter(fixture -> !fixture.name().contains("@"))
        .toList();
  }

  /** The fixture of a provider by name (e.g. {@code lucca}, {@code employee.updated}). */
  public static Optional<Fixture> find(String provider, String name) {
    String wanted = provider.toLowerCase(Locale.ROOT);
    return all().stream()
        .filter(fixture -> fixture.provider().equals(wanted) && fixture.name().equals(name))
        .findFirst();
  }
}
