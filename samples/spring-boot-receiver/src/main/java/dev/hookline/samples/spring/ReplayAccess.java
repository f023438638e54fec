package dev.hookline.samples.spring;

import dev.hookline.receiver.spring.replay.HooklineReplays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may trigger a replay, or run the endpoint lifecycle. When a provider's API is configured
 * ({@code LUCCA_API_HOST}, {@code LUCCA_CLIENT_ID}, {@code LUCCA_CLIENT_SECRET}, or {@code
 * ARTA_API_KEY}), the starter adds the {@code hooklinereplay} actuator endpoint; when {@code
 * hookline.providers.lucca.lifecycle.tenants} names tenants, it adds {@code hooklinelifecycle},
 * which creates and deletes endpoints at Lucca. This sample exposes both only when {@code
 * HOOKLINE_REPLAY_PASSWORD} is set, behind HTTP Basic as {@code HOOKLINE_REPLAY_USER} (default
 * {@value #DEFAULT_USER}). No credential is built in: without the password neither endpoint is
 * exposed, and startup says so once for replay. Spring Security covers those endpoints only: the
 * webhook paths (answered by Hookline's filter, ahead of Spring Security), {@code /demo/events} and
 * the other actuator endpoints stay as they are without replay. The password is kept only as a
 * BCrypt hash and never logged.
 */
@Configuration(proxyBeanMethods = false)
public class ReplayAccess {

  /** The replay endpoint's id: {@code /actuator/hooklinereplay}. */
  static final String ENDPOINT_ID = "hooklinereplay";

  /** The lifecycle endpoint's id: {@code /actuator/hooklinelifecycle}. */
  static final String LIFECYCLE_ENDPOINT_ID = "hooklinelifecycle";

  /** The user name when {@code HOOKLINE_REPLAY_USER} is not set. */
  static final String DEFAULT_USER = "replay";

  private static final String ROLE = "HOOKLINE_REPLAY";
  private static final Logger log = LoggerFactory.getLogger(ReplayAccess.class);

  private final String user;
  private final String password;

  ReplayAccess(
      @Value("${sample.replay.user:" + DEFAULT_USER + "}") String user,
      @Value("${sample.replay.password:}") String password) {
    this.user = user.isBlank() ? DEFAULT_USER : user;
    this.password = password;
  }

  /** Whether a replay password is configured, so the guarded endpoints may be exposed. */
  boolean exposed() {
    return !password.isBlank();
  }

  /**
   * Keeps the replay and lifecycle endpoints off the web without a password, whatever the exposure
   * list says.
   */
  @Bean
  EndpointFilter<ExposableWebEndpoint> replayNeedsPassword() {
    Set<EndpointId> guarded =
        Set.of(EndpointId.of(ENDPOINT_ID), EndpointId.of(LIFECYCLE_ENDPOINT_ID));
    return endpoint -> exposed() || !guarded.contains(endpoint.getEndpointId());
  }

  /**
   * HTTP Basic on the replay and lifecycle endpoints, when exposed; no other request goes through
   * Spring Security. No CSRF token: the clients are scripts, and a browser cannot send the JSON
   * body the write operation needs across sites without a CORS preflight, which is refused. No
   * session either: each request carries the credential.
   */
  @Bean
  SecurityFilterChain replaySecurity(HttpSecurity http) throws Exception {
    if (!exposed()) {
      return http.securityMatcher(request -> false).build();
    }
    return http.securityMatcher(EndpointRequest.to(ENDPOINT_ID, LIFECYCLE_ENDPOINT_ID))
        .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(ROLE))
        .httpBasic(Customizer.withDefaults())
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  /**
   * The replay user, or none without a password; defined in both cases so that Spring Boot does not
   * generate (and log) a password of its own.
   */
  @Bean
  UserDetailsService replayUsers() {
    if (!exposed()) {
      return new InMemoryUserDetailsManager();
    }
    return new InMemoryUserDetailsManager(
        User.withUsername(user)
            .password(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password))
            .roles(ROLE)
            .build());
  }

  /** Once the app is up, when a provider can be replayed: how, or why it is not exposed. */
  @EventListener(ApplicationReadyEvent.class)
  void announce(ApplicationReadyEvent ready) {
    HooklineReplays replays =
        ready.getApplicationContext().getBeanProvider(HooklineReplays.class).getIfAvailable();
    Set<String> providers = replays == null ? Set.of() : replays.providers();
    if (providers.isEmpty()) {
      return;
    }
    String operations =
        providers.stream()
            .map(provider -> "POST /actuator/" + ENDPOINT_ID + "/" + provider)
            .collect(Collectors.joining(", "));
    if (exposed()) {
      log.info(
          "Replay of missed deliveries: {} with HTTP Basic as user \"{}\" (HOOKLINE_REPLAY_USER)",
          operations,
          user);
    } else {
      log.warn(
          "*** HOOKLINE_REPLAY_PASSWORD is not set: replay ({}) is not exposed. Set it, and"
              + " HOOKLINE_REPLAY_USER (default \"{}\"), to trigger replays with HTTP Basic. ***",
          operations,
          DEFAULT_USER);
    }
  }
}
