package dev.hookline.receiver.spring.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Customises Hookline's private Jackson 2 mapper, which binds event data to listener parameter
 * types. Hookline never uses, nor replaces, the application's own mapper (Boot 4 defaults to
 * Jackson 3). Declare beans of this type, e.g. to register modules.
 */
@FunctionalInterface
public interface HooklineObjectMapperCustomizer {

  /** Changes the mapper before any receiver is built. */
  void customize(ObjectMapper mapper);
}
