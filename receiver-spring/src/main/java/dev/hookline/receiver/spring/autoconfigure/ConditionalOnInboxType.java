package dev.hookline.receiver.spring.autoconfigure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when the inbox chosen by {@code hookline.inbox.type}, or else by its deprecated name
 * {@code hookline.inbox.store}, is the given one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Conditional(OnInboxTypeCondition.class)
@interface ConditionalOnInboxType {

  /** The inbox the annotated configuration makes. */
  StoreType value();
}
