package dev.hookline.receiver.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application with Spring Security guarding everything (login required, CSRF on), except the
 * actuator; the webhook endpoints must still work without a login or a CSRF token.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RecordingListeners.class)
public class WebTestApplication {

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
            requests ->
                requests.requestMatchers("/actuator/**").permitAll().anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        .csrf(Customizer.withDefaults())
        .build();
  }
}
