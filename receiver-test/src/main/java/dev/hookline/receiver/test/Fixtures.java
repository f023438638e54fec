package dev.hookline.receiver.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The catalogue of every ready fixture, e.g. for parameterized tests and the CLI, and the
 * providers' published examples the fixtures are built on.
 */
public final class Fixtures {

  /**
   * The providers' published examples the kit ships, by name: a Lucca event ({@code
   * event.employee.updated.json}, Lucca's own pretty-printed example) and the API answers the
   * clients and replayers read (a page of Lucca delivery attempts with embedded deliveries and
   * events, the create-endpoint request and response, a page of Arta deliveries).
   */
  public static final List<String> PUBLISHED =
      List.of(
          "lucca/event.employee.updated.json",
          "lucca/webhook-delivery-attempts.page.json",
          "lucca/webhook-endpoint.create.request.json",
          "lucca/webhook-endpoint.create.response.json",
          "arta/webhook-deliveries.page.json");

  private Fixtures() {}

  /**
   * A published example as the provider wrote it, e.g. {@code lucca/event.employee.updated.json}
   * (see {@link #PUBLISHED}): the exact text, for tests that sign or compare the file's own bytes
   * or stub the provider's API. Lucca's links point at {@link LuccaFixtures#SOURCE}.
   *
   * @throws IllegalArgumentException if the kit has no example of that name
   */
  public static String published(String name) {
    if (!PUBLISHED.contains(name)) {
      throw new IllegalArgumentException(
          "no published example named " + name + "; known: " + PUBLISHED);
    }
    try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing kit resource fixtures/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
