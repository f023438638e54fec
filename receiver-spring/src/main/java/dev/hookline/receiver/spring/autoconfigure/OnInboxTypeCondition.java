package dev.hookline.receiver.spring.autoconfigure;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnInboxType}: binds the inbox's type as {@link
 * InboxProperties} resolves it, the documented name first.
 */
final class OnInboxTypeCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    Map<String, Object> attributes =
        Objects.requireNonNull(
            metadata.getAnnotationAttributes(ConditionalOnInboxType.class.getName()));
    StoreType wanted = (StoreType) attributes.get("value");
    Binder binder = Binder.get(context.getEnvironment());
    StoreType type =
        binder
            .bind(InboxProperties.TYPE, StoreType.class)
            .orElseGet(
                () -> binder.bind(InboxProperties.STORE, StoreType.class).orElse(StoreType.MEMORY));
    String message = "hookline.inbox.type is " + type + ", wanted " + wanted;
    return type == wanted ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
  }
}
